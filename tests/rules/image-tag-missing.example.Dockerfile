# path: examples/postgres/hub/Dockerfile
FROM jupyter/jupyterhub-onbuild
