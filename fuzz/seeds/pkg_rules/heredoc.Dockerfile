FROM debian:12.8-slim
RUN <<EOF
apt-get update
apt-get install -y curl=8.5.0 wget
EOF
RUN <<EOF cat > /etc/apt/preferences.d/pin
apt-get install -y notacommand
EOF
RUN <<-EOF
	apt-get install -y \
		vim
	EOF
RUN <<ONE bash && <<TWO sh
echo one
ONE
set -e
  apt-get install -y --no-install-recommends jq
TWO
# expect: 4:31
# expect: 9:1
# expect: 17:46
