FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
HEALTHCHECK --interval=30s --timeout=5s \
    CMD wget -qO- http://localhost:8000/health \
        || exit 1
# expect: 3:9
