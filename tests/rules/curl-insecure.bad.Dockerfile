FROM debian:12
RUN curl -k https://example.com/a
RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
RUN echo start && curl --insecure https://example.com/b
ONBUILD RUN curl -sk https://example.com/c
# expect: 2:10
# expect: 3:10
# expect: 4:24
# expect: 5:18
