FROM alpine:3.20
USER app
USER app:1000
ENV U=nobody
USER $U
# expect: 2:6
# expect: 3:6
# expect: 5:6
