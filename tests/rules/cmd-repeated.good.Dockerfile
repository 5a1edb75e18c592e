FROM python:3.12 AS build
CMD ["python", "build.py"]
FROM python:3.12
HEALTHCHECK CMD ["true"]
CMD ["gunicorn", "app:app"]
