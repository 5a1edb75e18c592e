FROM alpine:3.20
RUN set -eux; \
	apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 musl-dev=1.2.5-r0; \
	make install; \
	runDeps="$(scanelf --needed --nobanner --format '%n#p' --recursive /usr/local | tr ',' '\n' | sort -u)"; \
	apk add --no-network --virtual .rundeps $runDeps; \
	apk del --no-network .build-deps
RUN apk add --virtual .rundeps libgcc=13.2.1_git20240309-r0
# expect: 8:1
