# config: dockerfiles:
# config:   stage-unused.good.Dockerfile: {target: production}
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates=20240705-r0
FROM scratch AS production
COPY --from=build /out/app /app
RUN --mount=from=certs,source=/etc/ssl,target=/ssl true
