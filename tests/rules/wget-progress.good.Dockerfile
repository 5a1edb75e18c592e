FROM debian:12
RUN wget -q https://example.com/a
RUN wget --progress=dot:giga https://example.com/a
RUN wget -nv https://example.com/a
RUN wget --no-verbose https://example.com/a
RUN wget -o /tmp/log https://example.com/a
RUN wget -a /tmp/log https://example.com/a
RUN wget -qO- https://example.com/a | sh
RUN wget --quiet https://example.com/a
RUN wget --output-file=/tmp/log https://example.com/a
