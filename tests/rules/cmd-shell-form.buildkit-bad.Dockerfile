# select: JSONArgsRecommended
FROM alpine:3.20
ENTRYPOINT /app/server --port 8080
# expect: 3:1
