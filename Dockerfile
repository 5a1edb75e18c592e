# syntax=docker/dockerfile:1
# plimsoll's own image, and the project's example of a clean container setup:
# `plimsoll --preset strict Dockerfile .dockerignore` reports nothing here
# (tests/golden/cli/self-image.cmd checks it in `make test`).
#
#   docker build --build-arg PLIMSOLL_COMMIT="$(git describe --tags --always --dirty)" -t plimsoll .
#   docker run --rm -v "$PWD:/src:ro" plimsoll [OPTIONS] [PATH ...]
#
# Both stages start from the same Debian release, pinned by digest, so the
# runtime libraries are the ones the binary was linked against; the package
# versions are pinned for the same reason (bump them with the digest).

# build compiles plimsoll against the -dev packages
FROM debian:bookworm-slim@sha256:56ff6d36d4eb3db13a741b342ec466f121480b5edded42e4b7ee850ce7a418ee AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gcc=4:12.2.0-3 \
        libc6-dev=2.36-9+deb12u14 \
        make=4.3-4.1 \
        pkg-config=1.8.1-1 \
        libyaml-dev=0.2.5-1 \
        libcjson-dev=1.7.15-1+deb12u4 \
        libgit2-dev=1.5.1+ds-1+deb12u2 \
        libpcre2-dev=10.42-1+deb12u2 \
        zlib1g-dev=1:1.2.13.dfsg-1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# PLIMSOLL_COMMIT is the commit `plimsoll --version` names (.git is not sent)
ARG PLIMSOLL_COMMIT=unknown
RUN make -j"$(nproc)" build/plimsoll PLIMSOLL_COMMIT="$PLIMSOLL_COMMIT"

FROM debian:bookworm-slim@sha256:56ff6d36d4eb3db13a741b342ec466f121480b5edded42e4b7ee850ce7a418ee
ARG PLIMSOLL_COMMIT=unknown
LABEL org.opencontainers.image.title="plimsoll" \
      org.opencontainers.image.description="Static checks of a repository's container setup: Dockerfiles, .dockerignore files and the build context" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.revision="${PLIMSOLL_COMMIT}" \
      org.opencontainers.image.source="https://github.com/acme/plimsoll" \
      org.opencontainers.image.documentation="https://github.com/acme/plimsoll/tree/main/docs/rules" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim" \
      org.opencontainers.image.base.digest="sha256:56ff6d36d4eb3db13a741b342ec466f121480b5edded42e4b7ee850ce7a418ee"
# only the shared libraries plimsoll links; and as the repository mounted at
# /src belongs to another uid than the image's user, libgit2 is told to open
# it anyway (plimsoll runs nothing from a repository's git config)
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libyaml-0-2=0.2.5-1 \
        libcjson1=1.7.15-1+deb12u4 \
        libgit2-1.5=1.5.1+ds-1+deb12u2 \
        libpcre2-8-0=10.42-1+deb12u2 \
    && rm -rf /var/lib/apt/lists/* \
    && printf '[safe]\n\tdirectory = /src\n' >/etc/gitconfig
COPY --from=build /src/build/plimsoll /usr/local/bin/plimsoll
# a command-line tool with no service to probe
HEALTHCHECK NONE
USER 10001:10001
WORKDIR /src
ENTRYPOINT ["plimsoll"]
CMD ["."]
