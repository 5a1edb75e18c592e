# config: dockerfiles:
# config:   stage-unused.bad.Dockerfile: {target: production}
FROM golang:1.23 AS build
RUN go build -o /out/app .
# expect: 6:1
FROM golang:1.23 AS debug
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0
FROM gcr.io/distroless/static-debian12 AS production
COPY --from=build /out/app /app
# the last stage is what a plain `docker build` builds: not dead
FROM production AS test
