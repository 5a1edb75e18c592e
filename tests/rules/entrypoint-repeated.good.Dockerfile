FROM alpine:3.20 AS a
ENTRYPOINT ["/bin/a"]
FROM a
ENTRYPOINT ["/bin/b"]
