# select: DL3002
# hadolint compares the USER word as written: `$USER_ID` is not root to it
FROM debian:12-slim
ARG USER_ID=0
USER $USER_ID
CMD ["/srv/app"]
