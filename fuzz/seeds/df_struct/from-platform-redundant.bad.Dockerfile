FROM --platform=$TARGETPLATFORM alpine:3.20
FROM --platform=${TARGETPLATFORM} alpine:3.20
FROM --platform="$TARGETPLATFORM" alpine:3.20
FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20
# expect: 1:6
# expect: 2:6
# expect: 3:6
# expect: 4:6
