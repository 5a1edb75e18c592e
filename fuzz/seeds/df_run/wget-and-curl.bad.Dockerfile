FROM debian:12
RUN curl -fsSLO https://example.com/a
RUN wget -q https://example.com/b
RUN curl -fsSLO https://example.com/c
RUN echo done
FROM debian:12
RUN wget -q https://example.com/d && curl -fsSL https://example.com/e
ONBUILD RUN curl -fsSL https://example.com/f
ONBUILD RUN wget -q https://example.com/g
