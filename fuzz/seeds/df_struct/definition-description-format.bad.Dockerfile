# a non-descriptive comment
FROM scratch AS base
# another non-descriptive comment
ARG VERSION=1
# the build arguments
ARG A B
# expect: 2:1
# expect: 4:1
# expect: 6:1
