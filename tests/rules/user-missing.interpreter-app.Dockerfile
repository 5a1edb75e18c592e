# A command that runs a program is a service, even when it starts with the
# interpreter: the user is judged.
FROM python:3.12-slim
COPY app.py /srv/app.py
CMD ["python3", "/srv/app.py"]
# expect: 3:1
