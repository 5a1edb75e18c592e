FROM ghcr.io/acme/base:1
ARG APP_VERSION=1
COPY app-$APP_VERSON.jar /app/
# the base image may set APP_HOME: not judged
WORKDIR $APP_HOME
# expect: 3:10
