# select: MultipleInstructionsDisallowed
FROM python:3.12 AS build
CMD ["python", "build.py"]
FROM build
CMD ["gunicorn", "app:app"]
HEALTHCHECK CMD ["true"]
ENTRYPOINT ["tini", "--"]
ONBUILD CMD ["x"]
