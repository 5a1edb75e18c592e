FROM debian:12-slim
WORKDIR /srv
COPY app.py config.toml ./
ENTRYPOINT ["./start.sh"]
CMD ["--serve"]
# expect: 4:14
