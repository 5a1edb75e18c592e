arg V=1
from alpine:3.20
run echo hello
onbuild RUN echo wrapped
