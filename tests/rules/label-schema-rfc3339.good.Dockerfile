# config: label-schema: {created: rfc3339}
FROM alpine:3.20
LABEL created=2024-05-01T12:00:00Z
LABEL created=2024-02-29T23:59:60.123+02:00
LABEL created=2024-05-01t12:00:00z
