FROM centos:7 AS base
RUN yum install -y tomcat && yum clean all
RUN yum module install -y tomcat && yum clean all
RUN yum install -y python3-devel httpd-2.4*
ONBUILD RUN yum install -y vim
FROM fedora:41 AS build
ENV version=2.51.0-2.fc42
ARG release=2.51.0
FROM fedora:41
RUN yum -y install git-core-${version} git-${release}
# expect: 2:20
# expect: 3:27
# expect: 4:20
# expect: 4:34
# expect: 5:28
# expect: 10:20
# expect: 10:40
