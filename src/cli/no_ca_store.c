/* no_ca_store.c — the plimsoll executable's answer to libgit2's TLS set-up.
 *
 * git_libgit2_init of a libgit2 built with mbedTLS (Debian's, Ubuntu's)
 * parses the system's whole CA bundle for HTTPS remotes: ~7 ms of a 9 ms
 * pre-commit run, for certificates plimsoll, which never touches the
 * network, never uses. These two definitions, exported from the executable
 * (the Makefile's BIN_EXPORTS), come first in symbol lookup, so libgit2's
 * calls load no certificate. A libgit2 built with OpenSSL loads its store
 * lazily and never calls them. They live in the executable, not in
 * libplimsoll.a, so that no other program linking the library loses its
 * certificates. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
    (void)chain;
    (void)path;
    return 0;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
    (void)chain;
    (void)path;
    return 0;
}
