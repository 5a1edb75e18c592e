FROM alpine:3.20
ARG GITHUB_TOKEN
ENV DATABASE_PASSWORD=changeme LOG_LEVEL=info
ARG auth
# expect: 2:5
# expect: 3:5
# expect: 4:5
