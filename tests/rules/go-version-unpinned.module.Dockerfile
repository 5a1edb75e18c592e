FROM golang:1.24 AS tools
WORKDIR /app
RUN --mount=type=bind,source=go.mod,target=/app/go.mod \
    --mount=type=bind,source=go.sum,target=/app/go.sum \
    go install tool github.com/jstemmer/go-junit-report/v2
RUN --mount=type=bind,source=go.mod,target=/app/go.mod \
    go install golang.org/x/tools/gopls@latest
RUN go install std && go install cmd
RUN go install example.com/unpinned
FROM golang:1.24 AS base
WORKDIR /src
COPY go.mod go.sum ./
FROM base AS build
RUN go install github.com/magefile/mage
RUN go run github.com/example/gen
RUN go get github.com/pkg/errors
ONBUILD RUN go install example.com/onbuild
# expect: 7:16
# expect: 9:16
# expect: 16:12
# expect: 17:24
