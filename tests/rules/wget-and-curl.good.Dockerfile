FROM debian:12
RUN curl -fsSLO https://example.com/a
FROM debian:12
RUN wget -q https://example.com/b
# the RUNs inside ONBUILD run in a later image: a sequence of their own
ONBUILD RUN curl -fsSL https://example.com/c
