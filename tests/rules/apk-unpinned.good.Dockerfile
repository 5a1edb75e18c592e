FROM alpine:3.20
RUN apk add flex=2.6.4-r1
RUN apk add --no-cache git~2.52.0
RUN apk add --no-cache git~=2.52 git=~2.52
RUN apk add --no-cache "flex>=2.6.1-r1" "libffi~3.2.1" "python3<3.6.12-r2" "libbz2=~1.0.6-r4"
RUN apk add --virtual build-dependencies python-dev=1.1.1 build-base=2.2.2 \
    && apk del build-dependencies
RUN apk add --no-cache --repository https://nl.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0
RUN apk add --no-cache --repository=https://nl.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0
RUN apk add --no-cache -X https://nl.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0
RUN apk add -t .deps gcc=13.2
RUN apk add mypackage-1.1.1.apk
RUN apk del curl && apk update
