# -s only simulates the install: no prompt, nothing installed.
FROM debian:12.8-slim
RUN apt-get install -s python3
RUN apt-get install --simulate python3 && apt-get install --dry-run curl
