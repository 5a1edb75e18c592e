# `php -a` is PHP's interactive shell; the entrypoint only prepares the
# environment before it.
FROM debian:bookworm-slim
COPY docker-php-entrypoint /usr/local/bin/
ENTRYPOINT ["docker-php-entrypoint"]
CMD ["php", "-a"]
