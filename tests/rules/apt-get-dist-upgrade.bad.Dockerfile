FROM debian:12.8-slim
RUN apt-get update && apt-get -y dist-upgrade
RUN apt-get dist-upgrade
RUN apt full-upgrade -y
ONBUILD RUN aptitude dist-upgrade
# expect: 2:34
# expect: 3:13
# expect: 4:9
# expect: 5:22
