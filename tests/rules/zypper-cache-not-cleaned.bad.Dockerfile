FROM opensuse/leap:15.6
RUN zypper install -y mariadb=10.4
RUN zypper clean && zypper install -y mariadb=10.4
ONBUILD RUN zypper in -y curl=1
# expect: 2:1
# expect: 3:1
# expect: 4:9
