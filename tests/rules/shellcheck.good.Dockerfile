FROM debian:12-slim
ARG VERSION=1.0
ENV APP_HOME=/srv/app
RUN for f in /etc/*.conf; do echo "$f"; done
RUN echo "$VERSION $APP_HOME $http_proxy" && mkdir -p "$APP_HOME"
RUN ["sh", "-c", "echo $undefined_but_exec_form"]
