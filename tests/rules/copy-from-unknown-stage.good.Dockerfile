FROM golang:1.23 AS build
FROM alpine:3.20
COPY --from=build /out/app /app
COPY --from=BUILD /out/app /app2
COPY --from=0 /out/app /app3
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
COPY --from=ghcr.io/acme/tools /bin/tool /bin/tool
COPY --from=busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000 /bin/sh /bin/sh
