# hadolint global ignore=DL3008
FROM debian:12
# hadolint shell=bash
# the ignore= lists live in .hadolint.yaml
RUN apt-get update && apt-get install -y --no-install-recommends curl
