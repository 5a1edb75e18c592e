# no package install, nothing copied there: missing
FROM alpine:3.23
COPY docker-entrypoint.sh /docker-entrypoint.sh
CMD ["/usr/bin/supervisord"]
# expect: 4:7
