# a password made at build time (openssl rand, pwgen, /dev/urandom) is in
# no layer: the history shows the command, not the password
FROM debian:12
RUN echo "root:$(openssl rand -base64 12)" | chpasswd
RUN echo "app:$(pwgen -s 20 1)" | chpasswd && useradd x
RUN echo "app:`head -c 16 /dev/urandom | base64`" | chpasswd
# a literal password, or a random one that is not what chpasswd reads
RUN echo 'root:changeme' | chpasswd
RUN openssl rand -hex 8 > /tmp/key; echo 'root:changeme' | chpasswd
ARG ROOT_PASSWORD
RUN echo "root:${ROOT_PASSWORD}" | chpasswd
# expect: 8:28
# expect: 9:60
# expect: 11:36
