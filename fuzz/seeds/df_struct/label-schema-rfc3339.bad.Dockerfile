# config: label-schema: {created: rfc3339}
FROM alpine:3.20
LABEL created="May 1 2024"
LABEL created=2024-02-30T12:00:00Z
LABEL created=2024-05-01T12:00:00
LABEL created=2024-05-01
# expect: 3:7
# expect: 4:7
# expect: 5:7
# expect: 6:7
