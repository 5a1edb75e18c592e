# A RUN that deletes pip's cache after its installs keeps none in its layer.
FROM python:3.12-slim
RUN pip install --upgrade pip wheel && \
    pip install flask && \
    rm -rf /root/.cache/pip
RUN pip install gunicorn && rm -rf ~/.cache
RUN pip install celery; rm -rf "$HOME/.cache/pip/"
# the cache removed before the install is written again by it
# expect: 10:32
RUN rm -rf /root/.cache/pip && pip install redis
