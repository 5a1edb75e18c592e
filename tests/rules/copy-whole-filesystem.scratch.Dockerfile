FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM scratch AS artifacts
COPY --from=build /out/app /usr/local/bin/app
FROM artifacts AS more-artifacts
COPY --from=build /out/app /usr/local/bin/app2
FROM alpine:3.20 AS tools
FROM debian:12.8-slim
COPY --from=artifacts / /
COPY --link --from=more-artifacts / /
COPY --from=tools / /
COPY --from=1 / /
# expect: 11:1
