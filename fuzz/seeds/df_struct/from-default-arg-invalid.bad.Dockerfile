ARG TAG
ARG IMAGE
FROM busybox:${TAG}
FROM ${IMAGE}
# expect: 3:6
# expect: 4:6
