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
# a chain of two is deliberate (hadolint counts each command twice)
RUN foo && bar
RUN foobar
RUN foo; bar
RUN --mount=type=secret,id=foo /foo.sh
RUN --mount=type=secret,id=bar /bar.sh
