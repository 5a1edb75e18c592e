# Kong's customize/Dockerfile: the base is a build argument whose
# documented default is kong:latest; a build passes its own
ARG KONG_BASE=kong:latest
FROM ${KONG_BASE}
USER kong
FROM alpine:latest AS tools
# expect: 6:6
