FROM python:3.12-slim
HEALTHCHECK CMD python -c "import urllib.request as u; u.urlopen('http://localhost:8000/')"
