# path: services/api/Dockerfile
# a folder named like nothing special: judged
FROM python:3.12-slim
COPY app.py /srv/
CMD ["python", "/srv/app.py"]
# expect: 3:1
