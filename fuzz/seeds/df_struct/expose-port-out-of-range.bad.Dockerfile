FROM nginx:1.27
ARG HIGH=99999
EXPOSE 80 65536/tcp
EXPOSE 8000-70000 $HIGH
# expect: 3:11
# expect: 4:8
# expect: 4:19
