FROM alpine:3.20
RUN apk add flex=2.6.4-r1
RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0
RUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl=7.77.0
ONBUILD RUN apk add curl=7.77.0
RUN apk add --no-cache a=1 && apk add b=2
# the index removed in the same RUN: nothing stays (DL3019 reports it)
RUN apk add c=1 && rm -rf /var/cache/apk/*
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:9
# expect: 6:1
