FROM debian:12.8-slim
RUN apt-get update && apt-get install -y curl
RUN apt update && apt-get install -y curl
RUN apk update && apk add curl
RUN yum update -y && yum install -y httpd
RUN apt-get update && apt-get upgrade -y
RUN apk add --update curl
RUN zypper refresh && zypper in -y curl
