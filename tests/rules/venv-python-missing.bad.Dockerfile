FROM python:3.12-slim AS build
RUN python -m venv /opt/app && /opt/app/bin/pip install --no-cache-dir flask==3.0.3
FROM debian:bookworm-slim
# expect: 5:1
COPY --from=build /opt/app /opt/app
CMD ["/opt/app/bin/flask", "run"]
