FROM alpine:3.20 AS base
RUN apk add --no-cache build-base python3

FROM golang:1.23 AS gobuild
RUN go build -o /out/app ./cmd/app

FROM base AS runtime
COPY --from=gobuild /out/app /usr/local/bin/app
# expect: 2:24
