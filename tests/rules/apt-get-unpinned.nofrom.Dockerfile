RUN apt-get install -y curl
# expect: 1:24
