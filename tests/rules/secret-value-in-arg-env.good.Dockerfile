FROM alpine:3.20
ENV OPENAI_API_KEY=
ARG DB_URL=postgres://app@db:5432/app
ENV DB_URL2=postgres://app:${DB_PASSWORD}@db/app
