FROM python:3.12-slim
RUN pip install --no-cache-dir pipenv==2024.4.0
WORKDIR /srv
COPY Pipfile Pipfile.lock /srv/
RUN pipenv install --system
# expect: 5:5
