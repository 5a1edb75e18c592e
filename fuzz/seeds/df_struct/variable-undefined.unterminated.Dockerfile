FROM alpine:3.20
COPY <<A <<B /x/
$X
# the first here-document never ends, the second has no body at all
# expect: 3:1
