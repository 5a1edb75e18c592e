# A script that only runs the service installs nothing the rule cannot see.
FROM debian:12-slim
RUN echo "#!/bin/sh" > /start && chmod +x /start
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
# expect: 4:17
