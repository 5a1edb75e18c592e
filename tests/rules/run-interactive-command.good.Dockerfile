FROM ubuntu:24.04
RUN echo ssh && servicectl restart
RUN apt-get install -y openssh-client procps vim
# hadolint's README names ifconfig, its code does not check it
RUN ifconfig
