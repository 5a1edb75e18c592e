FROM debian:12
RUN apt-get update && \

    apt-get install -y curl && \

    rm -rf /var/lib/apt/lists/*
ENV A=1 \
   	
    B=2
# expect: 3:1
# expect: 8:1
