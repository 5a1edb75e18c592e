FROM alpine:3.20
RUN apk del .build-deps; apk add --virtual .build-deps gcc musl-dev && make
# expect: 2:1
