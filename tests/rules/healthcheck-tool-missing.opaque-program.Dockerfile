# A RUN of the stage runs an installer from a clone or the context by its
# path (no .sh): what it puts in the image is unknown, no finding.
FROM ubuntu:24.04 AS app
COPY release/ /root/release/
RUN /root/release/scripts/setup/install --hostname=example.local
HEALTHCHECK CMD ["curl", "-isfL", "http://localhost/health"]
# /usr/bin/env is the system's, not an installer.
FROM ubuntu:24.04
RUN /usr/bin/env true
HEALTHCHECK CMD ["curl", "-isfL", "http://localhost/health"]
# expect: 10:19
