FROM python:3.12-slim
ENV B2_VERSION=4.3.0
ENV TOOLS="black flake8==7.1.1"
RUN pip install --no-cache-dir "b2 == $B2_VERSION"
RUN pip install --no-cache-dir "b2>=${B2_VERSION}" 'requests == 2.32.3'
RUN pip install --no-cache-dir $TOOLS
RUN pip install --no-cache-dir "$TOOLS"
RUN pip install --no-cache-dir "b2"$B2_VERSION
# expect: 6:32
# expect: 8:32
