# a global ARG is in no stage's history (a stage's own `ARG NAME` takes it
# there, and is judged); one in a builder stage is judged like any other
ARG actions_runtime_token=""
ARG NPM_TOKEN
FROM node:22 AS build
ARG SENTRY_AUTH_TOKEN
RUN --mount=type=secret,id=tok npm ci && npm run build
FROM node:22-slim
ARG NPM_TOKEN
COPY --from=build /app/dist /app
# expect: 6:5
# expect: 9:5
