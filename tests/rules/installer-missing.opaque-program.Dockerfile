# A program run by its path that the system does not ship (a clone's
# provisioning tool, whatever its name) may install anything: unknown.
FROM ubuntu:24.04 AS a
RUN git clone https://github.com/example/app.git /app
WORKDIR /app
RUN SKIP_WARNING=1 ./tools/provision --build-only && uv run ./tools/build-release
FROM ubuntu:24.04 AS b
RUN /opt/app/scripts/setup/install && poetry install --no-root
# A system program run by its path does not install the tool.
FROM ubuntu:24.04 AS c
RUN /usr/bin/env true && uv --version
# expect: 11:26
