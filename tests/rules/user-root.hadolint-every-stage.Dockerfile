# select: DL3002
# hadolint reads every stage's last USER, a builder's too
FROM golang:1.23 AS build
USER root
RUN go build -o /app .
FROM alpine:3.20
USER app
USER 0:0
CMD ["/app"]
# expect: 4:1
# expect: 8:1
