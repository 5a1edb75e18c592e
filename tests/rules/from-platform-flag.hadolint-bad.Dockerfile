# select: DL3029
FROM --platform=linux/amd64 python:3.12
FROM --platform=$TARGETOS/$TARGETARCH python:3.12
# expect: 2:6
# expect: 3:6
