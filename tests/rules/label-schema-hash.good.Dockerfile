# config: label-schema: {revision: hash}
FROM alpine:3.20
ARG GIT_SHA
LABEL revision=3f9a2c1
LABEL revision=0123456789abcdef0123456789abcdef01234567
LABEL revision=$GIT_SHA
