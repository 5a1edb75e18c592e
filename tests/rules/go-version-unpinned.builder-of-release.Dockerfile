# tools is copied into the release image: its unpinned install ships
FROM golang:1.23 AS tools
RUN go install github.com/mattn/goreman@latest
FROM ubuntu:24.04 AS release
COPY --from=tools /go/bin/goreman /usr/local/bin/
# expect: 3:16
