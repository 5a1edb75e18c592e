# plimsoll's own reading: TAR_RELEASE is declared only in the tools stage,
# so in the final stage the word is `tar-` and the package is not pinned.
FROM rockylinux:9 AS tools
ARG TAR_RELEASE=1.34-6.el9
FROM rockylinux:9
RUN yum install -y tar-${TAR_RELEASE} && yum clean all
# expect: 6:20
