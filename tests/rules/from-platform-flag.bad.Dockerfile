FROM --platform=linux/amd64 alpine:3.20 AS base
FROM --platform=linux/arm64 alpine:3.20
FROM --platform=aarch64 alpine:3.20 AS build
# expect: 1:6
# expect: 2:6
# expect: 3:6
