ARG GLOBAL=1
FROM alpine:3.20 AS base
COPY app-$VERSION.tar.gz /opt/
WORKDIR $HOME/app
ENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH
LABEL v=$GLOBAL
COPY bin-${TARGETARCH} /bin/app
ARG NAME=$PAHT
FROM python:3.12
COPY x ${APP_DIR:-/app}
# expect: 3:10
# expect: 4:9
# expect: 5:30
# expect: 6:9
# expect: 7:10
# expect: 8:10
# expect: 10:8
