FROM python:3.12
CMD ["python", "app.py"]
HEALTHCHECK CMD ["true"]
ENTRYPOINT ["a"]
CMD ["gunicorn", "app:app"]
HEALTHCHECK NONE
ENTRYPOINT ["b"]
CMD ["last"]
# expect: 2:1
# expect: 3:1
# expect: 4:1
# expect: 5:1
