# MLServer's wheel-builder: the plugin lands in the builder's system
# site-packages and only the wheels it builds go on; a package manager is
# judged there all the same; a builder whose site-packages go on is judged
FROM python:3.10-slim AS wheel-builder
RUN pip install poetry==2.1.1 && pip install poetry-plugin-export
RUN pip install pipenv requests
RUN poetry build -o /opt/dist
FROM python:3.10-slim AS deps
RUN pip install flask
FROM python:3.10-slim
COPY --from=wheel-builder /opt/dist /opt/dist
COPY --from=deps /usr/local/lib/python3.10/site-packages /usr/local/lib/python3.10/site-packages
RUN pip install --no-cache-dir /opt/dist/*.whl
# expect: 6:17
# expect: 9:17
