FROM fedora:41
RUN dnf install -y httpd-2.4.24
RUN microdnf -y install nginx-1.24.0
RUN dnf --assumeyes install vim-9.1
RUN dnf upgrade -y; dnf remove vim
