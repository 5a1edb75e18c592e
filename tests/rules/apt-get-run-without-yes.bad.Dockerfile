FROM debian:12.8-slim
RUN apt-get install python3
RUN apt-get update && apt-get install -qq python3
ONBUILD RUN apt-get install curl
# expect: 2:1
# expect: 3:1
# expect: 4:9
