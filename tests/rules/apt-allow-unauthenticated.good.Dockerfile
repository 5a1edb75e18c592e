FROM debian:12
RUN apt-get update && apt-get install -y internal-tool
RUN apt-get install -y -o APT::Get::AllowUnauthenticated=false other
RUN echo apt-get --allow-unauthenticated
