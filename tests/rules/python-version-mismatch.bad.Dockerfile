FROM python:3.12 AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3
RUN pip install --user --no-cache-dir gunicorn==22.0.0

FROM python:3.11-slim
# expect: 7:1
COPY --from=build /opt/venv /opt/venv
# the path says which Python the packages are for
# expect: 10:1
COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.11/site-packages
# expect: 12:1
COPY --from=build /root/.local /root/.local
