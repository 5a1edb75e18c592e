FROM alpine:3.20 AS scratch
FROM alpine:3.20 AS Context
# expect: 1:21
# expect: 2:21
