# a code generator's image: no CMD of its own, run with `docker run img protoc ...`
FROM golang:1.23-alpine
WORKDIR /build
RUN apk add --no-cache protobuf-dev
RUN go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2
