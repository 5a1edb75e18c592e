# path: docs/docs.Dockerfile
# builds the documentation site; never shipped
FROM python:3.12-alpine
RUN apk add --no-cache gcc musl-dev
RUN pip install --no-cache-dir mkdocs==1.6.1
