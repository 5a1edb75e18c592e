FROM rockylinux:9
RUN yum-config-manager --save --setopt=internal.sslverify=true
RUN dnf install -y --setopt=install_weak_deps=False x
RUN echo yum-config-manager --setopt=sslverify=0
