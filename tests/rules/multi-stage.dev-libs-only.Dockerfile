# mailcow's dovecot shape: -dev libraries, no compiler kept
FROM alpine:3.20
RUN apk add --no-cache mariadb-dev perl-dev glib-dev dovecot
CMD ["dovecot", "-F"]
