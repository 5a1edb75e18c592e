FROM debian:12
RUN useradd -u 1000001 app
ARG UID=123456
RUN groupadd app2 && useradd --uid "$UID" -m app2
ONBUILD RUN useradd -u 9999999 x
# expect: 2:5
# expect: 4:22
# expect: 5:13
