FROM debian:12.8-slim
RUN apt-get update
RUN apt-get install -y curl && apt-get update
RUN apk update
RUN yum update -y && yum clean all
RUN zypper refresh && zypper up
ONBUILD RUN dnf update
RUN apt-get update && apk add curl
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:1
# expect: 6:1
# expect: 7:9
# expect: 8:1
