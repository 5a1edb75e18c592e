# a stage the target needs (by COPY --from) is built and judged; one it
# does not need is not built
# config: dockerfiles:
# config:   image-tag-missing.built-stage.Dockerfile: {target: release}
# expect: 6:6
FROM golang AS build
RUN go build -o /out/app .

FROM alpine:3.20 AS release
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]

FROM ubuntu AS debug
COPY --from=build /out/app /app
