# A runtime-only image built on an OS image that sets no command: what runs,
# and as whom, is decided by the images built FROM it.
FROM alpine:3.20
ENV APP_UID=1654 DOTNET_RUNNING_IN_CONTAINER=true
RUN apk add --no-cache ca-certificates-bundle libgcc libssl3 libstdc++ zlib
