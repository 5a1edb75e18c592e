FROM debian:12.8-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 curl=8.5.0 \
    wget \
    ./local.deb openssl/bookworm-backports
ONBUILD RUN apt-get install -y git
RUN apt-get -t bookworm-backports install -y jq
ARG EXTRA=make
RUN apt-get install -y ${EXTRA} "$UNDECLARED"
RUN ["apt-get", "install", "-y", "vim"]
# expect: 2:66
# expect: 3:5
# expect: 5:32
# expect: 6:46
# expect: 8:24
# expect: 8:33
# expect: 9:1
