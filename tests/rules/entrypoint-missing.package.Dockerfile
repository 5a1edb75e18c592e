# an OS package the chain installs provides the program: supervisor puts
# /usr/bin/supervisord there
FROM alpine:3.23
RUN apk add --no-cache bash supervisor
COPY docker-entrypoint.sh /docker-entrypoint.sh
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["/usr/bin/supervisord", "-c", "/etc/supervisor/supervisord.conf"]
