# config: trusted-registries: ["*"]
FROM python:3.12-slim
FROM quay.io/any/thing:1
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
