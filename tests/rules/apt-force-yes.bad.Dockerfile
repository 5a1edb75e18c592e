FROM debian:12
RUN apt-get install -y --force-yes curl
RUN apt-get install -y -o APT::Get::force-yes=true wget
ONBUILD RUN apt install --force-yes x
# expect: 2:24
# expect: 3:27
# expect: 4:25
