FROM alpine:3.20
ARG GITHUB_TOKEN
ENV DATABASE_PASSWORD=changeme LOG_LEVEL=info
ARG auth
ARG DBPASSWORD
ONBUILD ARG NPM_TOKEN
# one finding per name, not one per anchor
ENV AWS_SECRET_ACCESS_KEY=x MY_PASSWORD=y
# expect: 2:5
# expect: 3:5
# expect: 4:5
# expect: 5:5
# expect: 6:13
# expect: 8:5
# expect: 8:29
