FROM golang:1.23 AS builder
FROM alpine:3.20 AS run-time_2.x
FROM alpine:3.20
