FROM alpine:3.20
RUN apk add --no-cache flex=2.6.4-r1
RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0
RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0
RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0
RUN --mount=type=cache,id=apk,sharing=locked,target=/etc/apk/cache apk add curl=7.77.0
RUN apk --no-cache add curl=1
RUN apk update && apk upgrade
