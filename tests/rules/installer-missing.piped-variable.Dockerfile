# the installer curl downloads is read by a program only known at build
# time ($PYTHON): it may install poetry, which a later RUN then finds on the
# PATH it set: unknown, not missing
FROM ubuntu:22.04 AS builder
ENV PYTHON=python3
RUN apt-get update && apt-get install -y --no-install-recommends python3 curl
ARG POETRY_HOME=/opt/poetry
RUN curl -sSL https://install.python-poetry.org | POETRY_HOME=$POETRY_HOME $PYTHON -
ENV PATH=$POETRY_HOME/bin:$PATH
RUN poetry --version
# with no installer before it, poetry is missing
FROM ubuntu:22.04 AS bare
RUN poetry --version
# expect: 13:5
