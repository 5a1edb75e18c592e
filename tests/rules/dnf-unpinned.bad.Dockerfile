FROM fedora:41
RUN dnf install -y tomcat
RUN microdnf install -y python3-devel
RUN dnf module install -y nodejs
ONBUILD RUN dnf install -y vim
RUN dnf install -y rpm-sign && dnf clean all
# expect: 2:20
# expect: 3:25
# expect: 4:27
# expect: 5:28
# expect: 6:20
