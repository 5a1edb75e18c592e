# hadolint's DL3025 reading: every shell form, whatever the base.
# select: DL3025
FROM alpine:3.22
CMD /bin/meilisearch
# expect: 4:1
