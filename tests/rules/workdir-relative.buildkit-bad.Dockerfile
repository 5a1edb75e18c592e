# select: WorkdirRelativePath
FROM alpine:3.20
WORKDIR app
WORKDIR more
FROM alpine:3.20
ARG DIR=data
WORKDIR ${DIR}/x
# expect: 3:9
# expect: 7:9
