FROM golang:1.23 AS Builder
FROM alpine:3.20 AS RUNTIME
# expect: 1:21
# expect: 2:21
