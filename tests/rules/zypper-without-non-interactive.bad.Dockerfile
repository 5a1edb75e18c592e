FROM opensuse/leap:15.6
RUN zypper install httpd=2.4.24 && zypper clean
RUN zypper rm vim
RUN zypper patch
ONBUILD RUN zypper in curl
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:9
