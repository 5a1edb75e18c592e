FROM debian:12.8-slim
RUN apt-get update && grep -v '^#' packages.txt | xargs apt-get install -y --no-install-recommends
RUN apt-get update && cat pkgs | xargs -n 1 -r /usr/bin/apt-get install -y
RUN apt-get update && xargs echo install < pkgs
# expect: 4:1
