FROM debian:12
RUN curl -fsSL https://example.com/a
RUN curl -H "X-k: 1" https://example.com/a
RUN curl -XPOST -dkey=1 https://example.com/a
RUN curl --proxy-insecure -x https://proxy:3128 https://example.com/a
RUN echo curl -k
