FROM rockylinux:9
# the RUN is yum-cache-not-cleaned's finding: one per RUN
RUN yum install -y epel-release-9 && dnf install -y htop-3.2.1
RUN dnf install -y jq-1.6
# expect: 4:1
