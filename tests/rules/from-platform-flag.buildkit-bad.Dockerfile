# select: FromPlatformFlagConstDisallowed
FROM --platform=linux/amd64 alpine:3.20 AS base
FROM --platform=linux/arm64 alpine:3.20
FROM --platform=aarch64 alpine:3.20 AS build
# expect: 2:6
# expect: 3:6
# expect: 4:6
