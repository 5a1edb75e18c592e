# Nor what a puppet run installs.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends puppet-agent \
 && puppet apply /etc/puppet/manifests/site.pp
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
