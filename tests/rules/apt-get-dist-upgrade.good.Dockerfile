FROM debian:12.8-slim
RUN apt-get update && apt-get upgrade -y
RUN echo apt-get dist-upgrade
