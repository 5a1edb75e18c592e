FROM debian:12
RUN foo && bar
RUN foo
RUN bar
# expect: 4:1
