# path: examples/service/Dockerfile
FROM quay.io/jupyterhub/jupyterhub:5.2
RUN useradd -m demo && echo "demo:demo" | chpasswd
