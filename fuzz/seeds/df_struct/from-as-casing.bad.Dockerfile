FROM golang:1.23 as build
from alpine:3.20 AS runtime
# expect: 1:18
# expect: 2:18
