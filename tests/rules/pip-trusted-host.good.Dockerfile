FROM python:3.12
RUN pip install --index-url https://pypi.internal/simple app==1.0
RUN echo --trusted-host
RUN pip config set global.index-url https://pypi.internal/simple
