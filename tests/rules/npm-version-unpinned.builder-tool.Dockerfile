# uptime-kuma's download stage: cheerio lands in /app/node_modules and only
# the .deb it fetched goes on; umami's pnpm is judged (it reads the lockfile)
FROM node:22-bookworm-slim AS download
WORKDIR /app
RUN npm install cheerio semver && node ./download.mjs
FROM node:22 AS deps
WORKDIR /app
RUN npm install -g pnpm
RUN pnpm install --frozen-lockfile
FROM node:22-bookworm-slim
COPY --from=download /app/app.deb /tmp/app.deb
COPY --from=deps /app/node_modules /app/node_modules
# expect: 8:20
