FROM python:3.12-slim AS build
FROM build
FROM ghcr.io/acme/base:1.2
# expect: 1:6
# expect: 3:6
