FROM python:3.12-slim AS build
RUN pip install --target /deps flask

FROM gcr.io/distroless/python3-debian12
COPY --from=build /deps /deps
HEALTHCHECK CMD python3 -c "print(1)"
# expect: 6:13
