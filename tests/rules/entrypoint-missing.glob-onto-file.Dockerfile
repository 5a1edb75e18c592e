# vikunja's shape: a wildcard source onto a destination without a trailing
# slash copies its one match as that name (/app/vikunja/vikunja), and the
# COPY below ENTRYPOINT is still in the image
FROM golang:1.23 AS apibuilder
WORKDIR /build
RUN go build -o vikunja-v1.0-linux-amd64 .

FROM scratch
WORKDIR /app/vikunja
ENTRYPOINT [ "/app/vikunja/vikunja" ]
COPY --from=apibuilder /build/vikunja-* vikunja
