# the entrypoint is gosu itself: the service starts as app
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/usr/bin/tini", "--", "gosu", "app"]
CMD ["server"]
