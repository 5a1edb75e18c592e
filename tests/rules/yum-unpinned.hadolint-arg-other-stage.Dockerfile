# select: DL3033
# hadolint's reading: a package version held in a variable that an ARG of
# the file declares (here in the builder stage, not in this one) is taken
# for a pinned version; an ENV of an unrelated stage is not.
FROM rockylinux:9 AS tools
ARG TAR_RELEASE=1.34-6.el9
ENV ZIP_RELEASE=3.0-35.el9
FROM rockylinux:9
RUN yum install -y tar-${TAR_RELEASE} \
    && yum install -y zip-$ZIP_RELEASE \
    && yum clean all
# expect: 10:23
