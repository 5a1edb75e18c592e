FROM node:22 AS build
RUN yarn install
FROM node:22-slim
COPY --from=build /app /app
RUN yarn install --production && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
RUN yarn build
