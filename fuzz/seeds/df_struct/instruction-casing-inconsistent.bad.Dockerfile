arg V=1
FROM alpine:3.20
Run echo hello
run echo lower
RUN echo upper
# expect: 3:1
# expect: 4:1
