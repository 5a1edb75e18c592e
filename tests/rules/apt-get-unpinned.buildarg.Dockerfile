FROM debian:12.8-slim
ARG PKG=curl=8.5.0
RUN apt-get install -y ${PKG}
# build-arg: PKG=curl
# expect: 3:24
