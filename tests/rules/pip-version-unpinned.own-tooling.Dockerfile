# upgrading pip's own tooling is not judged; anything else is
FROM python:3.12-slim
RUN python -m pip install --upgrade pip setuptools wheel
RUN pip install -U pip && pip install --no-cache-dir flask
# expect: 4:54
