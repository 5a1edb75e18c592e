FROM debian:12
# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install -y curl
#plimsoll ignore = apt-pin-versions
RUN apt-get install -y git
# expect: 2:1
# expect: 4:1
