# path: examples/service-fastapi/Dockerfile
# an example for readers to copy: no health check asked of it
FROM python:3.12-slim
COPY app.py /srv/
CMD ["python", "/srv/app.py"]
