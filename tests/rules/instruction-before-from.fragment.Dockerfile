# A snippet a template includes: reported once, at its first instruction.
RUN apt-get update
ARG X
RUN apt-get install -y curl
USER app
# expect: 2:1
