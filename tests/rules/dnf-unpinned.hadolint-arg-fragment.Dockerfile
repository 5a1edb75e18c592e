# select: DL3041
# a fragment (no FROM): the ARG above the RUN names the version
ARG CURL_RELEASE=7.76.1-26.el9
RUN dnf install -y curl-minimal-$CURL_RELEASE && dnf clean all
