FROM alpine:3.20
ENV APP_HOME=/app
LABEL maintainer="ops@example.com" team=payments
ARG foo bar
