# config: dockerfiles:
# config:   stage-unused.arg-only.Dockerfile: {target: final}
# A FROM that is nothing but a variable whose value is only known when the
# build runs (here it follows the platform) may pick any stage: none is
# reported as never built.
ARG FLAVOR=${TARGETARCH}
FROM alpine:3.20 AS amd64
FROM alpine:3.20 AS arm64
FROM alpine:3.20 AS rocm
FROM ${FLAVOR} AS image
FROM alpine:3.20 AS final
COPY --from=image /app /app
