FROM opensuse/leap:15.6
RUN zypper dist-upgrade
RUN zypper -n dup
ONBUILD RUN zypper dup -y
# expect: 2:12
# expect: 3:15
# expect: 4:20
