# config: label-schema: {version: semver}
FROM alpine:3.20
LABEL version=v1.4.0
LABEL version=1.4
LABEL version=01.4.0
LABEL version=1.4.0-rc.01
# expect: 3:7
# expect: 4:7
# expect: 5:7
# expect: 6:7
