FROM centos:7
RUN yum install -y mariadb-10.4
RUN yum clean all && yum install -y mariadb-10.4
RUN yum install -y a-1 && yum clean all && yum install -y b-2
RUN yum install -y a-1 && rm -rf /tmp/*
ONBUILD RUN yum install -y a-1
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:1
# expect: 6:9
