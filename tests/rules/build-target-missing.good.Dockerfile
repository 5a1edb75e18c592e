# config: dockerfiles:
# config:   build-target-missing.good.Dockerfile: {target: PRODUCTION}
FROM python:3.12-slim AS production
CMD ["python"]
