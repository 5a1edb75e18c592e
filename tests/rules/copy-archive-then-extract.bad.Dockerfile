FROM debian:12
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt
COPY dist/bundle.zip src.tgz /tmp/
RUN tar xzf /tmp/src.tgz
COPY data /tmp/data.tar.xz
RUN unxz /tmp/data.tar.xz
FROM debian:12
COPY other.tar /x/
RUN tar --extract --file=/x/other.tar
# expect: 2:6
# expect: 4:22
# expect: 6:11
# expect: 9:6
