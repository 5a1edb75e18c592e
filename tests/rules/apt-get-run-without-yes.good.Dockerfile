FROM debian:12.8-slim
RUN apt-get install -y curl && apt-get install wget
RUN apt-get -qy install curl
RUN apt-get --assume-yes install curl
RUN apt-get --yes install curl
RUN apt-get update
