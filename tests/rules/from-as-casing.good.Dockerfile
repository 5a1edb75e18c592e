FROM golang:1.23 AS build
from alpine:3.20 as runtime
From alpine:3.20 as mixed
FROM alpine:3.20
