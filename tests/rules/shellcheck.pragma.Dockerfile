FROM debian:12-slim
# hadolint ignore=SC2086
RUN echo $HOME
# plimsoll ignore=SC2045,SC2086
RUN for f in $(ls /etc); do echo $f; done
RUN echo $HOME
# expect: 6:10
