FROM python:3.12-slim
ARG PROBE
HEALTHCHECK CMD $PROBE http://localhost:8000/
