# grafana/loki's shape: distroless :debug has /busybox/sh only; SHELL already
# serves the build, the link gives the running container a /bin/sh
FROM gcr.io/distroless/static:debug
SHELL [ "/busybox/sh", "-c" ]
RUN ln -s /busybox/sh /bin/sh
ENTRYPOINT [ "/busybox/tail", "-f", "/dev/null" ]

FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
# expect: 9:5
SHELL ["/bin/bash", "-c"]
