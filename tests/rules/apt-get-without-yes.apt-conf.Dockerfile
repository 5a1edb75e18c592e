# An earlier RUN writes APT::Get::Assume-Yes "true" into apt.conf.d: every
# later apt-get of the stage, and of stages built FROM it, is non-interactive.
FROM ubuntu:24.04 AS base
RUN apt-get install curl
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/80recommends && \
    echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/80forceyes
RUN apt-get update && apt-get upgrade && apt-get install ca-certificates
FROM base
RUN apt-get install wget
# A value that is not true, or a setting that is not written to apt's
# configuration, changes nothing.
FROM ubuntu:24.04
RUN echo 'APT::Get::Assume-Yes "false";' > /etc/apt/apt.conf.d/80forceyes
RUN echo 'APT::Get::Assume-Yes "true";' > /tmp/notes.txt
RUN apt-get install python3
# expect: 4:1
# expect: 15:1
