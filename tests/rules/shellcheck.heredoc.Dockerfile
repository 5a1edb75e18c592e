# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOT bash
	set -euo pipefail
	echo $BASH_VERSION
EOT
RUN <<-EOT
	#!/usr/bin/env bash
	read line
	echo "$line"
	EOT
RUN <<EOT python3
print($foo)
EOT
# expect: 5:7
# expect: 9:2
