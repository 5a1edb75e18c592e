# the same with a command of its own runs as a service: judged
FROM golang:1.23-alpine
RUN apk add --no-cache gcc musl-dev
CMD ["/go/bin/server"]
# expect: 3:1
