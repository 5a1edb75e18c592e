# A builder stage that only hands files on ships no layer: its cache costs nothing.
FROM python:3.12 AS build
RUN pip install --prefix=/install flask==3.0.3
FROM python:3.12 AS base
RUN pip install gunicorn==22.0.0
FROM base
COPY --from=build /install /usr/local
RUN pip install uvicorn==0.30.0
# expect: 5:5
# expect: 8:5
