FROM node:22.11-slim
FROM node:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
FROM localhost:5000/app
