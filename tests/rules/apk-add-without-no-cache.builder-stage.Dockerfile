FROM alpine:3.20 AS build
RUN apk add build-base
FROM alpine:3.20
COPY --from=build /usr/bin/make /usr/bin/make
RUN apk add curl
# expect: 5:1
