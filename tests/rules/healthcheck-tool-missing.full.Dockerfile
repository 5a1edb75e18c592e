FROM python:3.12-bookworm
HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
