FROM node:22-slim AS build
USER node
RUN npm ci
FROM node:22-slim
COPY --from=build /app /app
CMD ["node", "/app/server.js"]
# expect: 4:1
