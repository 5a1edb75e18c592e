FROM node:22 AS e2e
RUN yarn install --frozen-lockfile
CMD ["yarn", "test"]
