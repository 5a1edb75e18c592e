# An upgrade of the whole system uses the index the update fetched.
FROM ubuntu:24.04
RUN apt-get update && \
    apt-get -qq dist-upgrade && \
    rm -rf /var/lib/apt/lists/*
RUN apt update && apt full-upgrade -y
RUN apt upgrade -y && apt update
FROM opensuse/leap:15.6
RUN zypper update -y && zypper dup -y
FROM fedora:40
RUN dnf update -y && dnf distro-sync -y
# expect: 7:1
