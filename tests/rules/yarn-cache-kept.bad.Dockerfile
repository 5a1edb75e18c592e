FROM node:22 AS deps
RUN yarn install
FROM deps
RUN yarn install --frozen-lockfile
RUN yarn cache clean && yarn install
ONBUILD RUN yarn install
# expect: 2:5
# expect: 4:5
# expect: 5:25
# expect: 6:13
