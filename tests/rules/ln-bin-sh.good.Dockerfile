FROM debian:12
RUN ln -sf /usr/bin/python3 /usr/bin/python
RUN echo /bin/sh
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
