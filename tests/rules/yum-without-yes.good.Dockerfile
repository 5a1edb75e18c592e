FROM centos:7
RUN yum install -y httpd-2.4.24 && yum clean all
RUN yum -y install httpd
RUN yum --assumeyes install httpd
RUN bash -c `# not even a yum command`
RUN yum update -y
RUN yum remove httpd
