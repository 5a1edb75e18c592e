FROM opensuse/leap:15.6
RUN zypper install -y mariadb=10.4 && zypper clean
RUN zypper install -y mariadb=10.4 && zypper cc
RUN --mount=type=cache,target=/var/cache/zypp zypper install -y mariadb
RUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y mariadb
RUN zypper -n in curl=1 && rm -rf /var/cache/zypp/*
RUN zypper -n rm curl
