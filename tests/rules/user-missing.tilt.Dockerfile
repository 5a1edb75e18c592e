# path: Dockerfile.ui.tilt
# Tilt's local development loop, by the file's name
FROM node:22
WORKDIR /app
CMD ["yarn", "start"]
