FROM opensuse/leap:15.6
RUN zypper install -y nginx=1.27.3 "curl>=8" "vim<10" "jq<=1.7" "git>2"
RUN zypper install -y /tmp/foo-1.0.rpm
RUN zypper install -y --repo oss nginx=1.27.3
RUN zypper install -y tomcat\>=9.0 tomcat\<9.1 && zypper clean
RUN zypper install -y tomcat-9.0.39-1.rpm
RUN zypper -n rm nginx
