FROM debian:12.8-slim
RUN apt-get install --no-install-recommends python
RUN apt-get -o APT::Install-Recommends=false install python
RUN apt-get -o apt::install-recommends=0 install python
RUN apt-get install --option=APT::Install-Recommends=false python
RUN apt install python
RUN apt-get update
