FROM ubuntu:24.04
RUN service nginx start
RUN apt-get update && ps aux | grep x && vim /etc/x
ONBUILD RUN ssh host true
RUN /usr/bin/top -b -n1
RUN kill -9 1; free -m; mount -t tmpfs none /mnt; shutdown -h now
# expect: 2:5
# expect: 3:23
# expect: 4:13
# expect: 5:5
# expect: 6:5
