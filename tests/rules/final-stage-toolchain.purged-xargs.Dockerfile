FROM debian:bookworm-slim AS base
FROM base
RUN apt-get update; \
	apt-get install -y --no-install-recommends gcc make; \
	make -C /src install; \
	apt-mark showmanual | xargs apt-mark auto > /dev/null; \
	apt-get purge -y --auto-remove; \
	rm -rf /var/lib/apt/lists/*
