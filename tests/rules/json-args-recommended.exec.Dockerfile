FROM alpine:3.20
CMD exec /app/server --port 8080
ENTRYPOINT cd /app && exec ./server
