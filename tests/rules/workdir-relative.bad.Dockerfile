FROM alpine:3.20
WORKDIR app
ARG DIR=data
WORKDIR ${DIR}/x
# expect: 2:9
# expect: 4:9
