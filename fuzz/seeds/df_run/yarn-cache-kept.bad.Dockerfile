FROM node:22 AS deps
RUN yarn install
FROM deps
RUN yarn install --frozen-lockfile
RUN yarn cache clean && yarn install
ONBUILD RUN yarn install
