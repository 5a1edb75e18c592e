FROM alpine:3.20
ENV OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789
ARG DB_URL=postgres://app:hunter2@db:5432/app
ENV AWS_KEY=AKIAIOSFODNN7EXAMPLE
# expect: 2:5
# expect: 3:5
# expect: 4:5
