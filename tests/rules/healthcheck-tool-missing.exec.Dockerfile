FROM node:22-slim
COPY . /app
HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost:3000/"]
# expect: 3:19
