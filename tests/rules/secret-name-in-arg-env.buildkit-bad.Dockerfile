# select: SecretsUsedInArgOrEnv
FROM alpine:3.20
ARG GITHUB_TOKEN
ENV DATABASE_PASSWORD=changeme LOG_LEVEL=info
ARG auth
ARG DBPASSWORD
# expect: 3:5
# expect: 4:5
# expect: 5:5
