# select: DL3048
# hadolint substitutes nothing: a key built from a variable whose value is
# not known is judged as written, and the `$` is not a valid key character.
FROM alpine:3.20
LABEL vendor.$team="platform"
# expect: 5:7
