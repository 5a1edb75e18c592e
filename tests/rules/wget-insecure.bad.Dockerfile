FROM debian:12
RUN wget --no-check-certificate https://example.com/a
RUN wget -q --check-certificate=off https://example.com/a
RUN wget -q -e check_certificate=off https://example.com/a
ONBUILD RUN wget -q --no-check-certificate https://example.com/b
# expect: 2:10
# expect: 3:13
# expect: 4:16
# expect: 5:21
