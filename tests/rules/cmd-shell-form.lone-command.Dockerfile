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
# a SHELL of the stage chose another program
FROM alpine:3.22
SHELL ["/bin/bash", "-c"]
CMD /usr/bin/server
# expect: 11:1
# expect: 14:1
# expect: 16:1
# expect: 18:1
# expect: 22:1
