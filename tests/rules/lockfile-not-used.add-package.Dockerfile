FROM node:22-slim
WORKDIR /app
COPY package.json ./
RUN npm install -g pm2@5.4.2
