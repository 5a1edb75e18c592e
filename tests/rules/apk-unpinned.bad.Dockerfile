FROM alpine:3.20
RUN apk add flex
RUN apk add --no-cache \
    flex=2.6.4-r1 \
    libffi \
    python2=2.7.13-r1
RUN apk add --virtual .deps gcc=13.2 musl-dev
ONBUILD RUN apk add curl
RUN apk add curl@edge
# expect: 2:13
# expect: 5:5
# expect: 7:38
# expect: 8:21
# expect: 9:13
