FROM nginx:1.27
ARG PORT
EXPOSE 80 443/tcp 65535 8000-9000/udp
# the value of PORT is only known at build time
EXPOSE $PORT
