FROM python:3.12-slim
RUN pip install flask
RUN pip3 install --no-cache-dir requests==2.32.3 gunicorn
RUN python3 -m pip install --upgrade pip
RUN pipx install poetry
ONBUILD RUN pip install uvicorn
ARG EXTRA="numpy pandas==2.2.2"
RUN pip install $EXTRA
RUN pip install -i https://example.org/simple celery \
    && pip install --target /opt/lib --python-version 3.12 redis
RUN /usr/local/bin/pip install httpx
RUN pip install "gitpython" git+https://github.com/org/repo
# expect: 2:17
# expect: 3:50
# expect: 5:18
# expect: 6:25
# expect: 8:17
# expect: 9:47
# expect: 10:60
# expect: 11:32
# expect: 12:17
# expect: 12:29
