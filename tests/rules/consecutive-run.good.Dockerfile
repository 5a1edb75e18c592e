FROM debian:12
RUN mkdir /data
WORKDIR /data
RUN touch x
RUN a && b && c
RUN d
RUN --network=none e
RUN f
ONBUILD RUN g
RUN h
FROM debian:12
RUN i
