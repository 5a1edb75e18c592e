FROM debian:12
RUN mkdir /data
RUN chown app /data
# a comment does not separate them
RUN touch /data/x
RUN --mount=type=cache,target=/x echo a
RUN --mount=target=/x,type=cache echo b
