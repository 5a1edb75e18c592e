FROM node:22-slim AS base
USER node
FROM base
CMD ["node", "server.js"]
