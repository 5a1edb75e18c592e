# select: DL3013
FROM python:3.10-slim AS wheel-builder
RUN pip install poetry==2.1.1 && pip install poetry-plugin-export
RUN poetry build -o /opt/dist
FROM python:3.10-slim
COPY --from=wheel-builder /opt/dist /opt/dist
# expect: 3:46
