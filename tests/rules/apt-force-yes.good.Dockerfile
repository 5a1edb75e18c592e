FROM debian:12
RUN apt-get install -y curl
RUN apt-get install -y --allow-downgrades curl=8.5.0-2
