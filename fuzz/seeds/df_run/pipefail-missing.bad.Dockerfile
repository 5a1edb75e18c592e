FROM debian:12
RUN curl -fsSL https://example.com/install.sh | sh
# sh is not one of the shells whose pipefail hadolint trusts
SHELL ["/bin/sh", "-o", "pipefail", "-c"]
RUN cat /etc/os-release | grep ID
SHELL ["/bin/bash", "-c"]
RUN cat /etc/os-release \
    | grep ID
FROM debian:12 AS two
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
FROM debian:12
RUN ls | wc -l
RUN ["sh", "-c", "ls | wc -l"]
