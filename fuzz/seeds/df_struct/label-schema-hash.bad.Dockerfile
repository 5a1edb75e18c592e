# config: label-schema: {revision: hash}
FROM alpine:3.20
LABEL revision=main
LABEL revision=3F9A2C1
LABEL revision=3f9a2c1d
# expect: 3:7
# expect: 4:7
# expect: 5:7
