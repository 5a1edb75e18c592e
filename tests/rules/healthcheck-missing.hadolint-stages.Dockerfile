# select: DL3057
# hadolint's reading: each stage is judged. `api` has its own HEALTHCHECK,
# which also covers `runtime` (it is built FROM it); `worker` is built FROM
# `runtime` before that and `tools` stands alone, so both lack one.
FROM python:3.12-slim AS runtime
FROM runtime AS worker
CMD ["celery", "worker"]
FROM runtime AS api
HEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://localhost:8000/')"]
FROM scratch AS tools
# expect: 6:1
# expect: 10:1
