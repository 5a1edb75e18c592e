FROM debian:12
# hadolint ignore=DL3015, DL3008
RUN apt-get update && apt-get install -y curl
# hadolint ignore=DL3015 DL3008 (only the first name counts: no comma joins the second)
RUN apt-get install -y wget
# expect: 5:24
