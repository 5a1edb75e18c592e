FROM alpine:3.20
COPY --chmod 755 run.sh /usr/local/bin/
RUN echo ok
FORM alpine
# expect: 2:6
# expect: 4:1
