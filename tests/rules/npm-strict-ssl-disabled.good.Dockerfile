FROM node:22
RUN npm config set cafile /etc/ssl/certs/internal-ca.pem && npm ci
RUN npm config set strict-ssl true
RUN echo npm config set strict-ssl false
