FROM python:3.12-slim AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3
FROM debian:bookworm-slim
COPY --from=build /opt/venv /opt/venv
COPY main.py /app/
# expect: 8:24
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "exec python3 /app/main.py"]
