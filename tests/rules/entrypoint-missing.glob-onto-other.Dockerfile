# a wildcard onto a destination without a trailing slash lands as that
# name only: copied as `server`, nothing puts /app/vikunja/vikunja there
FROM golang:1.23 AS apibuilder
WORKDIR /build
RUN go build -o vikunja-v1.0-linux-amd64 .

FROM scratch
WORKDIR /app/vikunja
ENTRYPOINT [ "/app/vikunja/vikunja" ]
COPY --from=apibuilder /build/vikunja-* server
# expect: 9:15
