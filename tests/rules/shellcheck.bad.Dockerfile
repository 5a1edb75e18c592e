# syntax=docker/dockerfile:1
FROM debian:12-slim
ARG VERSION=1.0
ENV APP_HOME=/srv/app
RUN for f in $(ls /etc/*.conf); do echo "$f"; done
RUN echo "$VERSION $APP_HOME" && cd /tmp \
    && echo $HOME
RUN <<EOF
set -e
[ -d /x ] && echo é `pwd`
EOF
# expect: 5:14
# expect: 7:13
# expect: 10:22
# expect: 10:22
