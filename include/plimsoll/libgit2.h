/* libgit2.h — libgit2, loaded the first time plimsoll needs it.
 *
 * Owns: loading libgit2 (dlopen of the soname the headers were built
 * against) and its one git_libgit2_init of the run. Linking libgit2 made
 * every start pay for loading it and its TLS, SSH and Kerberos libraries,
 * and git_libgit2_init for parsing the system's CA certificates: ten times
 * what checking one Dockerfile costs. Most runs of one file never need git.
 *
 * Include this instead of <git2.h>: every libgit2 function plimsoll calls
 * is then a pointer of a table filled on first use, under its own name. A
 * caller checks pl_libgit2_available() before its first call; when libgit2
 * cannot be loaded the table is empty and the caller goes on as outside a
 * repository. git_libgit2_shutdown is a no-op: libgit2 stays loaded and
 * initialised until the process exits (re-initialising reloads the
 * certificates).
 */
#ifndef PLIMSOLL_LIBGIT2_H
#define PLIMSOLL_LIBGIT2_H

#include <git2.h>
#include <git2/sys/repository.h>

#define PL_LIBGIT2_FUNCTIONS(X)                                                                    \
    X(git_blob_free) X(git_blob_lookup) X(git_blob_rawcontent) X(git_blob_rawsize)                 \
    X(git_buf_dispose) X(git_config_free) X(git_config_get_bool) X(git_config_get_path) X(git_config_get_string)          \
    X(git_diff_free) X(git_diff_get_delta) X(git_diff_num_deltas) X(git_diff_options_init)         \
    X(git_diff_tree_to_index) X(git_diff_tree_to_workdir_with_index) X(git_error_last)             \
    X(git_index_entry_stage) X(git_index_entrycount)                 \
    X(git_index_free) X(git_index_get_byindex) X(git_index_open) X(git_object_free)                \
    X(git_object_peel) X(git_oid_cpy) X(git_oid_tostr) X(git_reference_name_to_id)                 \
    X(git_repository_config_snapshot) X(git_repository_free) X(git_repository_index)               \
    X(git_repository_is_bare) X(git_repository_item_path) X(git_repository_open_ext)               \
    X(git_repository_set_index) X(git_repository_workdir) X(git_revparse_single)

typedef struct pl_libgit2_api {
#define PL_LIBGIT2_FIELD(f) __typeof__(f) *f;
    PL_LIBGIT2_FUNCTIONS(PL_LIBGIT2_FIELD)
#undef PL_LIBGIT2_FIELD
} pl_libgit2_api;

/* Loads and initialises libgit2 once (thread-safe); 1 when it is usable. */
int pl_libgit2_available(void);
/* The table (all NULL when libgit2 could not be loaded). */
const pl_libgit2_api *pl_libgit2(void);

#ifndef PL_LIBGIT2_IMPLEMENTATION
#define git_blob_free (pl_libgit2()->git_blob_free)
#define git_blob_lookup (pl_libgit2()->git_blob_lookup)
#define git_blob_rawcontent (pl_libgit2()->git_blob_rawcontent)
#define git_blob_rawsize (pl_libgit2()->git_blob_rawsize)
#define git_buf_dispose (pl_libgit2()->git_buf_dispose)
#define git_config_free (pl_libgit2()->git_config_free)
#define git_config_get_bool (pl_libgit2()->git_config_get_bool)
#define git_config_get_path (pl_libgit2()->git_config_get_path)
#define git_config_get_string (pl_libgit2()->git_config_get_string)
#define git_diff_free (pl_libgit2()->git_diff_free)
#define git_diff_get_delta (pl_libgit2()->git_diff_get_delta)
#define git_diff_num_deltas (pl_libgit2()->git_diff_num_deltas)
#define git_diff_options_init (pl_libgit2()->git_diff_options_init)
#define git_diff_tree_to_index (pl_libgit2()->git_diff_tree_to_index)
#define git_diff_tree_to_workdir_with_index (pl_libgit2()->git_diff_tree_to_workdir_with_index)
#define git_error_last (pl_libgit2()->git_error_last)
#define git_index_entry_stage (pl_libgit2()->git_index_entry_stage)
#define git_index_entrycount (pl_libgit2()->git_index_entrycount)
#define git_index_free (pl_libgit2()->git_index_free)
#define git_index_get_byindex (pl_libgit2()->git_index_get_byindex)
#define git_index_open (pl_libgit2()->git_index_open)
#define git_object_free (pl_libgit2()->git_object_free)
#define git_object_peel (pl_libgit2()->git_object_peel)
#define git_oid_cpy (pl_libgit2()->git_oid_cpy)
#define git_oid_tostr (pl_libgit2()->git_oid_tostr)
#define git_reference_name_to_id (pl_libgit2()->git_reference_name_to_id)
#define git_repository_config_snapshot (pl_libgit2()->git_repository_config_snapshot)
#define git_repository_free (pl_libgit2()->git_repository_free)
#define git_repository_index (pl_libgit2()->git_repository_index)
#define git_repository_is_bare (pl_libgit2()->git_repository_is_bare)
#define git_repository_item_path (pl_libgit2()->git_repository_item_path)
#define git_repository_open_ext (pl_libgit2()->git_repository_open_ext)
#define git_repository_set_index (pl_libgit2()->git_repository_set_index)
#define git_repository_workdir (pl_libgit2()->git_repository_workdir)
#define git_revparse_single (pl_libgit2()->git_revparse_single)
/* once per process (pl_libgit2_available), never undone */
#define git_libgit2_init() ((void)0)
#define git_libgit2_shutdown() ((void)0)
#endif

#endif
