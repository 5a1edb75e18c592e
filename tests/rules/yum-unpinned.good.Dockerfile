FROM centos:7
RUN yum install -y tomcat-9.2 && yum clean all
RUN yum install -y openssl-1:1.1.1k
RUN yum install -y rpm-sign-4.16.1.3 gcc-c++-1.1.1
RUN yum module install -y tomcat:9
RUN yum install -y /tmp/foo.rpm
ENV version=2.51.0-2.fc42
RUN yum -y install git-core-${version}
ARG v2=2.51.0
RUN yum -y install git-core-$v2
FROM fedora:41 AS build
ENV version=2.51.0-2.fc42
FROM build
RUN yum -y install git-core-${version}
ARG UNKNOWN_VERSION
RUN yum install -y git-core-${UNKNOWN_VERSION}
RUN yum module enable -y nodejs:20
RUN yum install -y --setopt=tsflags=nodocs --enablerepo epel htop-3.3.0
RUN yum install -y git-core-${GIT_VERSION:-2.47.1}
