# syntax=docker/dockerfile:1
FROM debian:12-slim
COPY <<EOF /usr/local/bin/start.sh
#!/bin/sh
exec sleep infinity
EOF
ENTRYPOINT ["/usr/local/bin/start.sh"]
