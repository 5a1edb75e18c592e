FROM node:22
ENV NPM_CONFIG_STRICT_SSL=true
ENV NPM_CONFIG_CAFILE=/etc/ssl/certs/internal-ca.pem
RUN NPM_CONFIG_STRICT_SSL=true npm ci
