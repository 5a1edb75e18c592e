FROM debian:12.8-slim
RUN <<EOF
set -e
apt-get update
apt-get install -y curl=8.5.0
rm -rf /var/lib/apt/lists/*
EOF
