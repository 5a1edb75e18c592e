# A build-time dummy: the URL's password is a stand-in, not a secret.
FROM node:22-alpine
ENV DATABASE_URL="postgresql://user:pass@localhost:5432/dummy"
ARG REDIS_URL=redis://default:changeme@localhost:6379
ENV DB2=postgres://app:app@db/app
# a real-looking password, or a token beside the dummy, still counts
ENV DB3=postgres://app:Xk9pQ2vL7mZ4@db/app
ENV MIXED="postgresql://user:pass@localhost/x ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"
# expect: 7:5
# expect: 8:5
