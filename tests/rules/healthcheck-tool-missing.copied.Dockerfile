FROM debian:12-slim
COPY --from=curlimages/curl:8.10.1 /usr/bin/curl /usr/local/bin/curl
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
