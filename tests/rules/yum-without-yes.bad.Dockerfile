FROM centos:7
RUN yum install httpd-2.4.24 && yum clean all
RUN yum groupinstall "Development Tools"
RUN yum localinstall /tmp/x.rpm
ONBUILD RUN yum install httpd-2.4.24
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:9
