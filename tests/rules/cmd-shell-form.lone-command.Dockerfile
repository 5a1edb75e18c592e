ARG BASE_NAMESPACE
ARG BASE_VERSION
# busybox ash (alpine) runs a lone simple command of `sh -c` in place of the
# shell, redirections included: the program gets the signals.
FROM alpine:3.22 AS server
CMD /bin/meilisearch
FROM python:3.12-alpine AS loadgen
ENTRYPOINT locust --host="http://${FRONTEND_ADDR}" --headless 2>&1
# bash (/bin/sh on the Red Hat family) does so only without a redirection
FROM rockylinux:9 AS rocky
CMD /usr/sbin/httpd -DFOREGROUND
FROM rockylinux:9 AS rocky-redirect
CMD /usr/sbin/httpd -DFOREGROUND 2>&1
# more than one command, or dash (Debian) or an unknown base: the shell stays
FROM alpine:3.22 AS two
CMD cd /srv && ./server
FROM debian:12 AS dash
CMD /usr/bin/server
FROM mycorp/base:1 AS unknown
CMD /usr/bin/server
# a SHELL of the stage chose bash, which execs a lone command too; another
# program is judged as before
FROM debian:12 AS bash-shell
SHELL ["/bin/bash", "-c"]
CMD /usr/bin/server
FROM alpine:3.22 AS zsh-shell
SHELL ["/bin/zsh", "-c"]
CMD /usr/bin/server
# Photon OS, openSUSE: /bin/sh is bash
FROM photon:5.0 AS photon
CMD /usr/local/bin/start.sh
FROM opensuse/leap:15.6 AS leap
CMD /usr/bin/server
# a base only known at build time may have bash, ash or dash: a guess
FROM ${BASE_NAMESPACE}/log-base:${BASE_VERSION} AS guessed
CMD /usr/local/bin/start.sh
FROM guessed AS guessed-two
CMD cd /srv && ./server
# expect: 13:1
# expect: 16:1
# expect: 18:1
# expect: 20:1
# expect: 28:1
# expect: 38:1
