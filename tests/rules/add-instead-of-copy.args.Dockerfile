FROM alpine:3.20
ARG REPO=https://github.com/example/project.git
ARG REF=v1.2.3
ARG ARCHIVE=dist.tar.gz
ARG LATER
ADD ${REPO}#${REF} /src/
ADD $ARCHIVE /opt/
ADD ${LATER} /opt/
ENV CONF=app.conf
ADD ${CONF} /etc/
ADD "${REPO}" /src2/
# expect: 10:5
