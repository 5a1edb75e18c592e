FROM python:3.12-slim
COPY app.py /srv/
CMD cd /srv && exec python3 run.py
# expect: 3:29
