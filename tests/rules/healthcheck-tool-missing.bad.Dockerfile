FROM python:3.12 AS build
RUN pip wheel -r requirements.txt -w /wheels

FROM python:3.12-slim AS runtime
COPY --from=build /wheels /wheels
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1
CMD ["python", "-m", "app"]
# expect: 6:32
