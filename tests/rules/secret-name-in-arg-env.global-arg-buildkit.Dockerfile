# select: SecretsUsedInArgOrEnv
ARG actions_runtime_token=""
FROM node:22 AS build
ARG GH_TOKEN
FROM node:22-slim
COPY --from=build /app/dist /app
# expect: 2:5
# expect: 4:5
