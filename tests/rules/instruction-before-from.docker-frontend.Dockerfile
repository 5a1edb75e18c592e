# syntax=docker/dockerfile-upstream:master
RUN true
FROM alpine:3.20
# expect: 2:1
