FROM golang:1.23
RUN go install github.com/go-delve/delve/cmd/dlv@latest
RUN go install golang.org/x/tools/gopls
RUN go get -u github.com/pkg/errors
RUN go run github.com/x/tool@none arg1
ONBUILD RUN go install example.com/tool
RUN go install -tags netgo example.com/cli@main example.com/other
# expect: 2:16
# expect: 3:16
# expect: 4:15
# expect: 5:12
# expect: 6:24
# expect: 7:49
