# plimsoll's reading: the key's value is known only at build time (TEAM is
# an ARG without a default), so it is not judged.
FROM alpine:3.20
ARG TEAM
LABEL vendor.$TEAM="platform"
