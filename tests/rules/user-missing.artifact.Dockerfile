FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app
FROM scratch AS binaries
COPY --from=build /out/app /
FROM binaries
COPY --from=build /out/app /app2
