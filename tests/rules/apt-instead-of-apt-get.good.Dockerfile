FROM ubuntu:24.04
RUN apt-get install -y python
RUN apt-cache search python && echo apt
RUN rm -rf /etc/apt/apt.conf.d/docker-clean
