# BuildKit's own case: the stage starts in its parent's absolute WORKDIR.
FROM scratch AS a
WORKDIR /app

FROM a AS b
WORKDIR subdir/

FROM alpine:3.20 AS c
WORKDIR other/
# expect: 9:9
