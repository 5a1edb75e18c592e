FROM golang:1.23
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1
RUN go install ./...
RUN go build -o /out ./cmd/app && go install -tags netgo -ldflags "-s -w" .
RUN go get example.com/x@v1.0.0
RUN go run main.go --flag
RUN go run . serve
RUN go mod download
# with a `go run` in the RUN, hadolint looks only at the go run packages
RUN go run ./cmd/gen && go install example.com/unpinned
