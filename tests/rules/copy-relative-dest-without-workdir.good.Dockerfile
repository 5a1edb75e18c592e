FROM node:22 AS base
WORKDIR /app
COPY package.json .
FROM base
COPY src src/
FROM node:22
ARG DEST
COPY x /abs/
COPY x C:\\app
COPY x $DEST
ADD x rel
