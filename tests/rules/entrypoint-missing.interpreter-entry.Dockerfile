FROM python:3.12-slim
WORKDIR /app
COPY main.py /app/
ENTRYPOINT ["python"]
CMD ["main.py"]
