FROM opensuse/leap:15.6 AS build
RUN zypper install -y gcc=7
FROM opensuse/leap:15.6
COPY --from=build /usr/bin/gcc /usr/bin/gcc
RUN zypper install -y curl=8
# expect: 5:1
