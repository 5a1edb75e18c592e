RUN apt-get install -y curl
