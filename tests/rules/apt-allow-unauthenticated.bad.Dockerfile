FROM debian:12
RUN apt-get update && apt-get install -y --allow-unauthenticated internal-tool
RUN apt install -y --allow-unauthenticated other
RUN apt-get install -y -o APT::Get::AllowUnauthenticated=true third
ONBUILD RUN apt-get install -y --allow-unauthenticated x
# expect: 2:42
# expect: 3:20
# expect: 4:27
# expect: 5:32
