FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx
HEALTHCHECK CMD ["sh", "-c", "timeout 5 curl -fsS http://localhost/ || exit 1"]
# expect: 3:41
