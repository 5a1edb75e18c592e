# hadolint (DL3014) reads each RUN alone: the apt.conf.d setting does not count.
# select: DL3014
FROM ubuntu:24.04
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/80forceyes
RUN apt-get install curl
# expect: 5:1
