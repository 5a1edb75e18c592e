FROM node:22-alpine
HEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1
