FROM python:3.12 AS build
RUN apt-get update && apt-get install -y gcc
FROM python:3.12-slim
COPY --from=build /wheels /wheels
