FROM debian:12
RUN echo 'root:changeme' | chpasswd
RUN useradd app && echo "app:x" | /usr/sbin/chpasswd -e
ONBUILD RUN echo 'app:y' | chpasswd
# expect: 2:28
# expect: 3:35
# expect: 4:28
