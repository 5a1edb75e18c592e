FROM debian:12.8-slim
RUN apt-get update \
 && apt-get -yqq --no-install-recommends install nodejs=0.10 \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install --no-install-recommends -y \
python-demjson=2.2.2* \
wget=1.16.1* \
git=1:2.5.0* \
ruby=1:2.1.*
RUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb
RUN apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1
RUN apt-get install -y --target-release=bookworm-backports -o Dpkg::Options::=--force-confold curl=8.5.0 openssl/bookworm
ARG CURL_VERSION
RUN apt-get install -y curl=${CURL_VERSION}
ARG PKGS
RUN apt-get install -y $PKGS
ARG PINNED="curl=8.5.0 wget=1.21"
RUN apt-get install -y ${PINNED}
RUN apt-get install -y $(cat /tmp/packages.txt)
RUN PKG=curl && apt-get install -y $PKG
RUN apt install curl
RUN apt-get download foo && apt-get update
