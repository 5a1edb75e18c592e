FROM python:3.12
RUN pip install -U pip
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev
CMD ["python", "-m", "app"]
# expect: 3:1
