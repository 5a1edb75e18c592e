# path: samples/cuda-app/Dockerfile
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
COPY app /app
