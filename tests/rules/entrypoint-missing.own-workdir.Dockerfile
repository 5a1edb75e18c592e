# With this file's own WORKDIR the path is known: missing.
FROM registry.example.com/team/app-base:1.4
WORKDIR /srv
COPY settings.toml .
CMD ["python", "main.py"]
# expect: 5:17
