FROM alpine:3.20
ARG VERSION=1
ENV PATH=/app/bin:$PATH
ENV APP_HOME=/app
ENV APP_DATA=$APP_HOME/data
# defined before: the old value is meant
ENV VERSION=2 TAG=v$VERSION
# quoted and escaped references are not references
ENV X=1 Y='$X' Z=\$X
