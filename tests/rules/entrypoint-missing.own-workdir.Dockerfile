# With this file's own WORKDIR the path is known: missing (an official
# image holds no /srv/main.py).
FROM python:3.12-slim
WORKDIR /srv
COPY settings.toml .
CMD ["python", "main.py"]
# expect: 6:17
