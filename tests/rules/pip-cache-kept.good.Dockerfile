FROM python:3.12 AS base
ENV PIP_NO_CACHE_DIR=1
FROM base
RUN pip install flask==3.0.3
FROM python:3.12
RUN pip install --no-cache-dir -r requirements.txt
RUN PIP_NO_CACHE_DIR=true pip install a==1
RUN export PIP_NO_CACHE_DIR=1 && pip install b==1
RUN --mount=type=cache,target=/root/.cache/pip pip install c==1
RUN --mount=type=tmpfs,dst=/root/.cache/pip pip install c==1
RUN --mount=type=cache,"target=/root/.cache/pip",sharing=locked pip install c==1
RUN pipx install poetry==1.8.5
RUN pipenv install
RUN python -m pipx install black==24.1.0
ARG PIP_NO_CACHE_DIR=on
RUN pip install d==1
