FROM debian:12.8-slim
RUN apt-get install -yq python3
RUN apt-get install -y python3
RUN apt-get -y install python3
RUN apt-get --yes install python3
RUN apt-get --assume-yes install python3
RUN apt-get install -qq python3
RUN apt-get install -q -q python3
RUN apt-get install -q=2 python3
RUN apt-get install --quiet --quiet python3
RUN apt-get -o APT::Get::Assume-Yes=true install python3
RUN apt-get update && apt-get remove python3
RUN apt install python3
