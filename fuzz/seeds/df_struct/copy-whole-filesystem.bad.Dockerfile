FROM golang:1.23 AS build
FROM scratch
COPY --from=build / /
COPY --from=build "/" "/"
# expect: 3:1
# expect: 4:1
