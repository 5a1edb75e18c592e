FROM debian:12.8-slim
RUN apt-get install python3
RUN apt-get install -q python3
RUN apt-get install --quiet python3
RUN apt-get install -y curl && apt-get install wget
ONBUILD RUN apt-get install python3
RUN apt-get install -o Foo=bar python3
RUN apt-get install -o APT::Get::Assume-Yes=false python3
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:1
# expect: 6:9
# expect: 7:1
# expect: 8:1
