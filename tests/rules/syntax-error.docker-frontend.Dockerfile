# syntax=docker.io/docker/dockerfile:1.7
FROM alpine:3.20
INCLUDE x
# expect: 3:1
