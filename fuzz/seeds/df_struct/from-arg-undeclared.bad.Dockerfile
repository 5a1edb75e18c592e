ARG VERSION=22
FROM node:${VERISON}-alpine
FROM --platform=$BUILDPLATFROM node:22${VARIANT}
# expect: 2:11
# expect: 3:17
# expect: 3:39
