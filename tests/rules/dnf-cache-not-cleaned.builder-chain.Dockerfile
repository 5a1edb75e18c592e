# ollama's shape: a base stage only builder stages are built FROM, and a
# scratch stage that takes their artefacts with COPY --from
FROM rockylinux:9 AS base
RUN dnf install -y cmake gcc-c++
FROM base AS build
RUN cmake -B build && cmake --build build
FROM scratch
COPY --from=build /build/bin /bin
