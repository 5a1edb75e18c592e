FROM fedora:40 AS build
RUN dnf install -y gcc-14.1.1
FROM fedora:40
COPY --from=build /usr/bin/gcc /usr/bin/gcc
RUN dnf install -y httpd-2.4.59
# expect: 5:1
