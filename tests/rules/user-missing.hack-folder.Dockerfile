# path: hack/dockerfiles/lint.Dockerfile
# developer tooling of a Go repository
FROM golang:1.23-alpine
RUN go install golang.org/x/lint/golint@v0.0.0-20210508222113-6edffad5e616
ENTRYPOINT ["golint"]
