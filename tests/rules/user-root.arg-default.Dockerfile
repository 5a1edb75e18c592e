# qdrant's shape: the user is a build argument whose default is root; the
# project builds an -unprivileged variant with USER_ID=1000
FROM debian:12-slim
ARG USER_ID=0
RUN useradd -u 1000 app
USER $USER_ID:$USER_ID
CMD ["/srv/app"]
