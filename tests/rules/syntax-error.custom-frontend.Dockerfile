# syntax = devthefuture/dockerfile-x
INCLUDE docker/base.dockerfile
FROM alpine:3.20
INCLUDE docker/more.dockerfile
