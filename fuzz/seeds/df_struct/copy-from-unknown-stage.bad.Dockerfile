FROM golang:1.23 AS build
FROM alpine:3.20
COPY --from=biuld /out/app /app
COPY --from=5 /x /x
COPY --from=later /x /x
FROM alpine:3.20 AS later
# expect: 3:6
# expect: 4:6
# expect: 5:6
