FROM fedora:41
RUN dnf install -y tomcat-9.2 openssl-1:1.1.1k
RUN dnf module install -y nodejs:20
RUN dnf group install -y "Development Tools"
RUN dnf groupinstall -y "Development Tools"
RUN dnf install -y /tmp/x.rpm
RUN microdnf install -y nginx-1.24.0
RUN dnf -y --setopt=group_package_types="mandatory" group install "Development Tools"
RUN notdnf install tomcat
