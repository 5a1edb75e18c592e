FROM debian:12
RUN wget -q https://example.com/a
RUN wget -q --check-certificate=on https://example.com/a
RUN echo wget --no-check-certificate
