FROM debian:12
RUN ln -sf /bin/bash /bin/sh
ONBUILD RUN rm /bin/sh && ln -s /bin/bash /bin/sh
# expect: 2:5
# expect: 3:27
