# hadolint global ignore = DL3015 , DL3008
FROM debian:12
RUN apt-get update && apt-get install -y curl
