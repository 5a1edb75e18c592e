FROM fedora:40
RUN rpm --import https://repo.example.com/RPM-GPG-KEY && dnf install -y internal-tool
RUN dnf install -y --setopt=install_weak_deps=False a
RUN echo dnf --nogpgcheck
