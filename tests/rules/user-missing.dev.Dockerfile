# A development image by its name (*.dev.Dockerfile): it runs on a
# developer's machine with the source mounted, not as the shipped service.
FROM node:22-bookworm
WORKDIR /app
CMD ["npm", "run", "dev"]
