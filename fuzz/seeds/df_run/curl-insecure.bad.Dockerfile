FROM debian:12
RUN curl -k https://example.com/a
RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
RUN echo start && curl --insecure https://example.com/b
ONBUILD RUN curl -sk https://example.com/c
