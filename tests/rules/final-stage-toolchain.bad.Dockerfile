FROM python:3.12 AS build
RUN pip wheel -r requirements.txt -w /wheels

FROM python:3.12-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
CMD ["gunicorn", "app:app"]
# expect: 6:48
