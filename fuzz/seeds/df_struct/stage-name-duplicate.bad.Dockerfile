FROM node:22 AS build
FROM node:22-slim AS build
FROM node:22-slim AS Build
# expect: 2:22
# expect: 3:22
