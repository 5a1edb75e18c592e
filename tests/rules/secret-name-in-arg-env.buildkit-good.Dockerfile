# select: SecretsUsedInArgOrEnv
FROM alpine:3.20
ARG PUBLIC_KEY
ENV KEY_FILE=/run/secrets/key TOKENIZER=bert SECRET_VERSION=2
ARG MONKEY=1
