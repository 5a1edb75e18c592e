FROM python:3.12-slim
RUN <<EOF
set -e
pip install flask
EOF
RUN <<-EOF
	pip install --no-cache-dir \
	  requests
EOF
RUN ["pip", "install", "uvicorn"]
RUN <<EOF python3
import subprocess
subprocess.run(["pip", "install", "x"])
EOF
COPY <<EOF /tmp/install.sh
pip install notrun
EOF
