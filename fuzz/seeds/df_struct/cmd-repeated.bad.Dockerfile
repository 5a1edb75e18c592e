FROM python:3.12
CMD ["python", "app.py"]
HEALTHCHECK CMD ["true"]
CMD ["gunicorn", "app:app"]
CMD gunicorn app:app
# expect: 4:1
# expect: 5:1
