FROM python:3.12-slim AS build
RUN pip install --user --no-cache-dir flask==3.0.3
FROM python:3.12-slim
COPY --from=build /root/.local /root/.local
CMD ["python", "-m", "flask", "run"]
