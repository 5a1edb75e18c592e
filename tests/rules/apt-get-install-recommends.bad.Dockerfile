FROM debian:12.8-slim
RUN apt-get install python
RUN apt-get -y install python
RUN apt-get install --no-install-recommends -y a=1 && apt-get install -y b=2
ONBUILD RUN apt-get install -y python
RUN apt-get -o APT::Install-Recommends=true install -y python
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:9
# expect: 6:1
