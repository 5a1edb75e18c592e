FROM debian:12
RUN wget https://example.com/a
RUN curl -fsSL https://example.com/x && wget -O /tmp/a https://example.com/a
ONBUILD RUN wget https://example.com/b
# expect: 2:5
# expect: 3:41
# expect: 4:13
