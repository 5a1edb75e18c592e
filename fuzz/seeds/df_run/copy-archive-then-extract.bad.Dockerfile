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
