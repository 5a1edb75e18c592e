FROM alpine:3.20
RUN cd /tmp && wget -q https://example.com/a
RUN make -C src && \
    cd /opt
RUN (cd /src && make)
# expect: 2:5
# expect: 4:5
# expect: 5:6
