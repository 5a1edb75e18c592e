# the lists stay in base, which only the builder stage is built FROM: the
# image (FROM debian at line 7) does not hold them
FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
FROM base AS build
RUN make
FROM debian:12-slim
COPY --from=build /src/app /usr/local/bin/app
CMD ["app"]
