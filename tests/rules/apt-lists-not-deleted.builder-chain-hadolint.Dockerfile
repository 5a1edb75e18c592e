# select: DL3009
# hadolint judges a stage a later FROM builds on
FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
FROM base AS build
RUN make
FROM debian:12-slim
COPY --from=build /src/app /usr/local/bin/app
CMD ["app"]
# expect: 4:1
