FROM fedora:41
RUN dnf install httpd-2.4.24 && dnf clean all
RUN microdnf install nginx-1.24.0
RUN dnf groupinstall "Development Tools"
ONBUILD RUN dnf localinstall /tmp/x.rpm
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:9
