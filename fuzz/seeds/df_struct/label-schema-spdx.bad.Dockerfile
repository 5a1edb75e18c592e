# config: label-schema: {licenses: spdx}
FROM alpine:3.20
LABEL licenses="Apache 2"
LABEL licenses="MIT OR"
LABEL licenses="NotALicense-1.0"
LABEL licenses="(MIT AND Apache-2.0"
# expect: 3:7
# expect: 4:7
# expect: 5:7
# expect: 6:7
