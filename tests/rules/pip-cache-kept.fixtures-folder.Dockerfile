# path: integration/fixtures/app/Dockerfile
FROM python:3.12-slim
RUN pip install requests==2.32.3
