# check=experimental=InvalidDefinitionDescription
FROM scratch AS base
# the release to build
ARG VERSION=1.0
# base the stage the others build on
FROM base AS app
LABEL org.opencontainers.image.source=https://example.com/app
COPY --from=base / /
