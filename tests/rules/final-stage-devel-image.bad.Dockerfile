FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
COPY app /app
# expect: 1:6
