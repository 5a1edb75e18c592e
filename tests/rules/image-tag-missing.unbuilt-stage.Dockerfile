# jaeger's shape: every build targets release (with debug_image=not-used),
# so the debug stage is never built and its FROM is not judged
# config: dockerfiles:
# config:   image-tag-missing.unbuilt-stage.Dockerfile: {target: release, args: {base_image: "alpine:3.20", debug_image: not-used}}
ARG base_image
ARG debug_image
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM $base_image AS release
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]

FROM $debug_image AS debug
COPY --from=build /out/app /app
ENTRYPOINT ["/go/bin/dlv", "exec", "/app"]
