FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app
FROM scratch AS base
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
FROM base
EXPOSE 8080
# expect: 6:1
