FROM alpine:3.20
WORKDIR /proc/app
WORKDIR /dev
ENV BASE=/boot
WORKDIR ${BASE}/x
WORKDIR //lost+found/./y
# expect: 2:9
# expect: 3:9
# expect: 5:9
# expect: 6:9
