FROM node:22
RUN npm config set strict-ssl false && npm ci
RUN npm c set strict-ssl=false
RUN npm set strict-ssl false
RUN yarn config set strict-ssl false
RUN yarn config set enableStrictSsl false
RUN npm install --strict-ssl=false
RUN npm ci --no-strict-ssl
ONBUILD RUN npm config set strict-ssl false
# expect: 2:20
# expect: 3:15
# expect: 4:13
# expect: 5:21
# expect: 6:21
# expect: 7:17
# expect: 8:12
# expect: 9:28
