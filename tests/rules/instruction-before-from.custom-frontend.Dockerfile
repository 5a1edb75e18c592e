# syntax = devthefuture/dockerfile-x
INCLUDE docker/base.dockerfile
FROM alpine:3.20
