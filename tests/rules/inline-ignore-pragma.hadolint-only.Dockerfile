# select: DL1001
# hadolint's DL1001 reads only its own pragma
FROM debian:12
# plimsoll ignore=PL1002
USER root
#   hadolint   ignore=DL3002
USER root
# expect: 6:1
