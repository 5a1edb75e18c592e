FROM debian:13.2-slim
RUN set -eux; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends gcc libc6-dev make wget; \
	make -C /usr/src/app install; \
	apt-mark auto '.*' > /dev/null; \
	apt-mark manual $savedAptMark; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
	apt-get dist-clean
RUN apk add --no-cache --virtual .build-deps g++ python3 && npm ci && apk del .build-deps
RUN apt-get update && apt-get install -y cmake=3.31.6-2 && cmake --build . && apt-get purge -y cmake
RUN apt-get update && apt-get install -y pkg-config gcc && apt-get purge -y pkg-config
# expect: 13:1
