FROM ubuntu
ARG BASE=debian
FROM ${BASE} AS second
FROM second
# expect: 1:6
# expect: 3:6
