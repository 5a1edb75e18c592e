# config: strict-labels: true
# config: label-schema: {version: semver}
FROM alpine:3.20
LABEL version=1.0.0 team=payments
LABEL other=x
# expect: 4:21
# expect: 5:7
