FROM fedora:40
RUN rpm --import /tmp/RPM-GPG-KEY && rpm -i /tmp/a.rpm
RUN rpm -qa --nodeps
RUN echo rpm --nosignature
