# The postgres image's idiom: every package marked automatic through xargs,
# then purged with --auto-remove in the same RUN.
FROM debian:bookworm-slim
RUN set -ex; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends dpkg-dev gcc make; \
	make -C /src install; \
	apt-mark showmanual | xargs apt-mark auto > /dev/null; \
	apt-mark manual $savedAptMark; \
	apt-get purge -y --auto-remove; \
	rm -rf /var/lib/apt/lists/*
