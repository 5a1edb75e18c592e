FROM python:3.12-slim
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
