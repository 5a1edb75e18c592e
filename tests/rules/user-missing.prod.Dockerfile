# A name that says nothing of development is judged as the shipped image.
FROM node:22-bookworm
WORKDIR /app
CMD ["node", "server.js"]
# expect: 2:1
