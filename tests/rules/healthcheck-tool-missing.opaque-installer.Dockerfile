# What an installer script puts in the image is unknown: no finding.
FROM debian:12-slim
COPY setup.sh /tmp/setup.sh
RUN /tmp/setup.sh && rm /tmp/setup.sh
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
