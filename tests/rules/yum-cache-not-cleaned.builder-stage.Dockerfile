FROM centos:7 AS build
RUN yum install -y gcc-4.8.5
FROM centos:7
COPY --from=build /usr/bin/gcc /usr/bin/gcc
RUN yum install -y httpd-2.4.6
# expect: 5:1
