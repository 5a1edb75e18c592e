# packages whose files are not known here may put a program in a system
# folder: unknown, not missing
FROM alpine:3.23
RUN apk add --no-cache some-daemon-tools
COPY docker-entrypoint.sh /docker-entrypoint.sh
CMD ["/usr/sbin/some-daemond"]
