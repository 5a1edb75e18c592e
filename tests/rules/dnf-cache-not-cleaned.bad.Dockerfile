FROM fedora:41
RUN dnf install -y a-1
RUN microdnf install -y a-1 && dnf clean all
RUN dnf clean all && dnf upgrade -y
RUN dnf reinstall -y a-1 && rm -rf /tmp/*
ONBUILD RUN microdnf install a-1
RUN rm -rf /var/cache/libdnf5 && dnf in -y mariadb-10.4
RUN dnf -y up-min
RUN dnf -y install
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:1
# expect: 6:9
# expect: 7:1
# expect: 8:1
# expect: 9:1
