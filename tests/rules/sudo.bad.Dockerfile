FROM ubuntu:24.04
RUN apt-get update && sudo apt-get install -y curl
ONBUILD RUN sudo make install
# expect: 2:23
# expect: 3:13
