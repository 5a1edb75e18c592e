FROM fedora:41
RUN dnf install -y a-1 && dnf clean all
RUN microdnf install -y a-1 && microdnf clean all
RUN dnf install -y a-1 && rm -rf /var/cache/libdnf5*
RUN dnf install -y a-1 && rm -rf /var/cache/dnf
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y a-1
RUN --mount=type=cache,target=/root/.cache/libdnf5 dnf install -y a-1
RUN dnf remove -y a
RUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*
RUN --mount=type=tmpfs,target=/var/cache/libdnf5 microdnf install -y mariadb-10.4
RUN dnf -y rei && dnf clean all
