FROM debian:12
RUN wget --no-check-certificate https://example.com/a
RUN wget -q --check-certificate=off https://example.com/a
RUN wget -q -e check_certificate=off https://example.com/a
ONBUILD RUN wget -q --no-check-certificate https://example.com/b
