# config: dockerfiles:
# config:   build-target-missing.bad.Dockerfile: {target: prod}
# expect: 2:3
FROM python:3.12-slim AS production
CMD ["python"]
