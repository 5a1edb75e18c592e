# select: JSONArgsRecommended
FROM alpine:3.20
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
CMD /app/server --port 8080
FROM alpine:3.20
CMD ["/app/server"]
