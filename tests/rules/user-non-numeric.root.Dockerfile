FROM ubuntu:24.04
USER root
RUN useradd -u 10001 app
USER root:root
USER app:root
USER 10001
# expect: 5:6
