FROM python:3.12-slim
RUN pip install flask==3.0.3 'gunicorn>=22' "uvicorn~=0.30" 'pydantic<3' 'attrs!=23.1'
RUN pip install -r requirements.txt
RUN pip install --no-cache-dir --requirement=requirements.txt
RUN pip install -Ur requirements.txt
RUN pip install -c constraints.txt flask
RUN pip install --constraint constraints.txt flask
RUN pip install .
RUN pip install -e .
RUN pip install --editable git+https://github.com/org/repo#egg=repo
RUN pip install ".[dev]"
RUN pip install git+https://github.com/org/repo@v1.2.0
RUN pip install /wheels/app-1.0-py3-none-any.whl dist/app-1.0.tar.gz ./local/pkg
RUN pip install https://example.com/pkg.zip
ENV POETRY_VERSION=1.8.5
RUN pipx install --python "$(which python)" "poetry==$POETRY_VERSION"
ARG PKG
RUN pip install "$PKG" "$(cat /tmp/extra)"
RUN pip install --target /opt/lib --prefix /usr/local --root / requests==2.32.3
RUN pipenv install requests
RUN pip download flask
RUN pip uninstall -y flask
RUN python -m pip install --index-url https://example.org/simple --extra-index-url https://x.org/simple app==1.0
ONBUILD RUN pip install app==1.0
