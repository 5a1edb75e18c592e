FROM debian:12
RUN apt-get update && \

    apt-get install -y curl && \

    rm -rf /var/lib/apt/lists/*
ENV A=1 \
   	
    B=2
# BuildKit reports the instruction's last line, once per instruction.
# expect: 6:1
# expect: 9:1
