# A member of a pnpm workspace installs with the workspace root's lock,
# copied beside pnpm-workspace.yaml above it.
FROM node:22-slim
RUN npm install -g pnpm@9.15.0
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml /build/
COPY crates/node/package.json /build/crates/node/
WORKDIR /build/crates/node
RUN pnpm install --frozen-lockfile
# The workspace without its lock: judged as any install.
FROM node:22-slim AS nolock
RUN npm install -g pnpm@9.15.0
COPY package.json pnpm-workspace.yaml /build/
COPY crates/node/package.json /build/crates/node/
WORKDIR /build/crates/node
RUN pnpm install --frozen-lockfile
# expect: 15:5
