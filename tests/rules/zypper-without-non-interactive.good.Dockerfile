FROM opensuse/leap:15.6
RUN zypper install -n httpd=2.4.24 && zypper clean
RUN zypper install --non-interactive httpd=2.4.24
RUN zypper install -y httpd=2.4.24
RUN zypper install --no-confirm httpd=2.4.24
RUN zypper -n in curl
RUN zypper refresh && zypper search curl
