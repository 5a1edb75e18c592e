FROM opensuse/leap:15.6
RUN zypper install -y nginx
RUN zypper -n in nginx=1.2 curl
RUN zypper install -y -t pattern devel_basis
ONBUILD RUN zypper in -y vim
# expect: 2:23
# expect: 3:28
# expect: 4:34
# expect: 5:26
