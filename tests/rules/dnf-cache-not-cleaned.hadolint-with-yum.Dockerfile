# select: DL3040
FROM rockylinux:9
RUN yum install -y epel-release-9 && dnf install -y htop-3.2.1
# expect: 3:1
