ARG BASE=debian
FROM ubuntu
FROM ${BASE} AS second
FROM second
# expect: 2:6
# expect: 3:6
