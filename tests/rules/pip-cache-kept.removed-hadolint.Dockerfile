# select: DL3042
# hadolint's DL3042 asks for --no-cache-dir whatever the RUN deletes after.
FROM python:3.12-slim
# expect: 5:5
RUN pip install flask && \
    rm -rf /root/.cache/pip
