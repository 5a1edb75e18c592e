FROM alpine:3.20
ENV APP_HOME /app
LABEL maintainer ops@example.com
ENV DEPS \
    curl \
    git
# expect: 2:1
# expect: 3:1
# expect: 4:1
