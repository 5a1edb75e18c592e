FROM alpine:3.20 AS base
RUN apk add --no-cache curl

FROM base AS runtime
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
