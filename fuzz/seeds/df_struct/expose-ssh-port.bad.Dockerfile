FROM ubuntu:24.04
ARG SSH=22
EXPOSE 22
EXPOSE 80 22/tcp
EXPOSE $SSH
# expect: 3:8
# expect: 4:11
# expect: 5:8
