FROM fedora:40
RUN dnf install -y --nogpgcheck internal-tool
RUN yum -y install --nogpgcheck a
RUN tdnf install -y --nogpgcheck b
RUN microdnf install --nogpgcheck c
RUN dnf install -y --setopt=gpgcheck=0 d
RUN zypper --non-interactive --no-gpg-checks install e
ONBUILD RUN dnf install -y --nogpgcheck f
# expect: 2:20
# expect: 3:20
# expect: 4:21
# expect: 5:22
# expect: 6:20
# expect: 7:30
# expect: 8:28
