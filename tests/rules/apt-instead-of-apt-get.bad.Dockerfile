FROM ubuntu:24.04
RUN apt install python
RUN apt-get update && /usr/bin/apt install -y curl
ONBUILD RUN apt update
# expect: 2:5
# expect: 3:23
# expect: 4:13
