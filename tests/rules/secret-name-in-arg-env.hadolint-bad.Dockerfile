# select: DL3064
FROM alpine:3.20
ENV AWS_SECRET_ACCESS_KEY=x MY_PASSWORD=y
ARG db_password
ONBUILD ARG NPM_TOKEN
# expect: 3:1
# expect: 4:1
# expect: 5:9
