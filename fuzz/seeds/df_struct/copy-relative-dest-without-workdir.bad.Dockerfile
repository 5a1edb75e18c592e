FROM node:22
COPY package.json .
COPY src src/
WORKDIR /app
FROM node:22
ENV DEST=rel
COPY x $DEST
# expect: 2:19
# expect: 3:10
# expect: 7:8
