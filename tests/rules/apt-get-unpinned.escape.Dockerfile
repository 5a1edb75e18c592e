# escape=`
FROM debian:12.8-slim
RUN apt-get update && `
    apt-get install -y `
      curl
# expect: 5:7
