FROM alpine:3.20
WORKDIR /app
WORKDIR more
WORKDIR $HOME/app
WORKDIR "/quoted path"
ARG DIR=/srv
WORKDIR ${DIR}/x
