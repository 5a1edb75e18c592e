FROM python:3.12-slim
CMD ["python", "main.py"]
# expect: 1:1
