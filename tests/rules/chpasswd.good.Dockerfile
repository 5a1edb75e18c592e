FROM debian:12
RUN useradd -r -s /usr/sbin/nologin app && passwd -l root
RUN echo chpasswd
