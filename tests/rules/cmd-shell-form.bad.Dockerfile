FROM python:3.12-slim
HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
ENTRYPOINT ./start.sh
CMD python main.py
# expect: 3:1
# expect: 4:1
