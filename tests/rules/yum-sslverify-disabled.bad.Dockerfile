FROM rockylinux:9
RUN yum-config-manager --save --setopt=internal.sslverify=false
RUN dnf config-manager --setopt=sslverify=0 --save
RUN yum install -y --setopt=sslverify=no x
RUN dnf config-manager --setopt "*.sslverify=False" --save
ONBUILD RUN yum-config-manager --setopt=sslverify=0 --save
# expect: 2:31
# expect: 3:24
# expect: 4:20
# expect: 5:33
# expect: 6:32
