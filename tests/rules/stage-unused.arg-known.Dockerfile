# config: dockerfiles:
# config:   stage-unused.arg-known.Dockerfile: {target: final}
# A FROM that is nothing but a variable with one known value names that
# image: the other stages are still never built.
ARG BASE=alpine:3.20
# expect: 7:1
FROM alpine:3.20 AS tools
FROM ${BASE} AS image
FROM alpine:3.20 AS final
COPY --from=image /app /app
