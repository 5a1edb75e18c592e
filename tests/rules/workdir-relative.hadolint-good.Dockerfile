# select: DL3000
FROM alpine:3.20
WORKDIR /app
WORKDIR $HOME/app
WORKDIR "/quoted path"
WORKDIR C:\\app
ARG DIR=/srv
WORKDIR ${DIR}/x
