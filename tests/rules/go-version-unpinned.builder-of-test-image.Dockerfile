# tools is only copied into the test image (the last stage)
FROM golang:1.23 AS tools
RUN go install github.com/mattn/goreman@latest
FROM ubuntu:24.04 AS test
COPY --from=tools /go/bin/goreman /usr/local/bin/
