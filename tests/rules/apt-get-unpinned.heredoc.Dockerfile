FROM debian:12.8-slim
RUN <<EOF
apt-get update
apt-get install -y curl=8.5.0 wget
EOF
RUN <<EOF cat > /etc/apt/preferences.d/pin
apt-get install -y notacommand
EOF
# expect: 2:1
