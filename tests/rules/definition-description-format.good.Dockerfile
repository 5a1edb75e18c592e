# base is a stage for compiling source
FROM scratch AS base
# VERSION This is the version number.
ARG VERSION=1
# a comment cut off by an empty comment line
#
ARG OTHER=2
# B is the second one
ARG A B
ARG NOCOMMENT
