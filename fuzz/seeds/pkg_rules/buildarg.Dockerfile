PKG=curl wget
FROM debian:12
ARG PKG
RUN apt-get install -y $PKG "${PKG}" && zypper in -y x=1
