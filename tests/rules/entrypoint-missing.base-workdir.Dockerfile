# No WORKDIR here: main.py is relative to the base image's WORKDIR, where
# the base (built from this repository) may have put it.
FROM registry.example.com/team/app-base:1.4
COPY settings.toml .
CMD ["python", "main.py"]
