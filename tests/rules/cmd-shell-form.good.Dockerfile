FROM python:3.12-slim
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/"]
ENTRYPOINT ["./start.sh"]
CMD ["python", "main.py"]
