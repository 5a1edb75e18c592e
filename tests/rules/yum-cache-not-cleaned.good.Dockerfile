FROM centos:7
RUN yum install -y mariadb-10.4 && yum clean all
RUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*
RUN yum install -y a-1 && rm -rf /var/cache/yum
RUN --mount=type=cache,target=/var/cache/yum yum install -y a-1
RUN yum update -y
RUN yum install -y a-1 && dnf clean all
