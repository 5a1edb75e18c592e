FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "app.wsgi:application"]
