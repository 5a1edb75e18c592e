FROM fedora:40
RUN rpm -i --nosignature /tmp/a.rpm
RUN rpm -Uvh --nodigest /tmp/b.rpm
RUN rpm -V --noverify x
RUN rpm -i --nofiledigest /tmp/c.rpm
ONBUILD RUN rpm -i --nosignature /tmp/d.rpm
# expect: 2:12
# expect: 3:14
# expect: 4:12
# expect: 5:12
# expect: 6:20
