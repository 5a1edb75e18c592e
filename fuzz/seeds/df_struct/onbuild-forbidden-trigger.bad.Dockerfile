FROM alpine:3.20
ONBUILD FROM alpine:3.20
ONBUILD ONBUILD RUN echo hi
ONBUILD Maintainer me
# expect: 2:9
# expect: 3:9
# expect: 4:9
