# the stage built (the last one) is a dev target
FROM python:3.12-slim AS base
COPY requirements.txt .
FROM base AS dev
CMD ["python", "-m", "flask", "run"]
