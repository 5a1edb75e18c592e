# select: MultipleInstructionsDisallowed
FROM python:3.12
CMD ["python", "app.py"]
HEALTHCHECK CMD ["true"]
ENTRYPOINT ["a"]
CMD ["gunicorn", "app:app"]
HEALTHCHECK NONE
ENTRYPOINT ["b"]
CMD ["last"]
# expect: 3:1
# expect: 6:1
