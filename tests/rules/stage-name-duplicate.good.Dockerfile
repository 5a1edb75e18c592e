FROM node:22 AS build
FROM node:22-slim AS runtime
FROM runtime
