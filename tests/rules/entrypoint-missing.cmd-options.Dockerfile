# CMD holds the options of an exec-form ENTRYPOINT (grafana/loki's shape):
# `-config.file=/etc/...` is an argument, not a program to look for
FROM golang:1.24 AS build
COPY . /src/loki
RUN go build -o /src/loki/loki ./cmd/loki

FROM debian:12-slim AS filesystem
RUN mkdir -p /etc/loki /loki

FROM gcr.io/distroless/static:nonroot
COPY --from=build /src/loki/loki /usr/bin/loki
COPY --from=filesystem /etc/loki /etc/loki
COPY --from=filesystem /loki /loki
COPY --from=filesystem /etc/passwd /etc/passwd
USER 10001
WORKDIR /
EXPOSE 3100
ENTRYPOINT [ "/usr/bin/loki" ]
CMD ["-config.file=/etc/loki/local-config.yaml"]
