# `exec` replaces the shell: the program is PID 1 and receives SIGTERM.
FROM python:3.12-slim
ENTRYPOINT exec gunicorn app:app
CMD cd /srv && exec ./server --port 8000
