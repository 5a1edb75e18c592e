# Settings about a secret and switches hold no secret: a name that says it
# allows, warns or enables something, and a value that is yes/no/on/off/0/1.
FROM debian:12
ENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1 \
    MYSQL_ALLOW_EMPTY_PASSWORD=yes \
    MYSQL_RANDOM_ROOT_PASSWORD=yes \
    GOOGLE_API_KEY=no \
    GOOGLE_DEFAULT_CLIENT_SECRET="no"
ARG FEATURE_TOKEN=off
# a value that is not a switch is still a secret
# expect: 12:5
ENV MYSQL_PASSWORD=secret
