FROM python:3.12
ENV PIP_TRUSTED_HOST=pypi.internal
ARG PIP_TRUSTED_HOST=pypi.internal
RUN PIP_TRUSTED_HOST=pypi.internal pip install app==1.0
RUN export PIP_TRUSTED_HOST="a.internal b.internal" && pip install app==1.0
ONBUILD ENV PIP_TRUSTED_HOST pypi.internal
# expect: 2:5
# expect: 3:5
# expect: 4:5
# expect: 5:12
# expect: 6:13
