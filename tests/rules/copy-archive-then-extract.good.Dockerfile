FROM debian:12
COPY app.tar.gz /tmp/
RUN echo keep
COPY --from=builder /out/app.tgz /tmp/
RUN tar -xzf /tmp/app.tgz
COPY notes.txt /tmp/
RUN tar -czf /tmp/backup.tar.gz /tmp/notes.txt
FROM debian:12
RUN tar -xzf /tmp/app.tar.gz
