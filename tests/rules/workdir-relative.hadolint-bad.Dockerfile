# select: DL3000
FROM alpine:3.20
WORKDIR app
ARG DIR=data
WORKDIR ${DIR}/x
# expect: 3:9
# expect: 5:9
