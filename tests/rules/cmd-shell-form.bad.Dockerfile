FROM python:3.12-slim
# a health check gets no signals: only DL3025's reading judges it
HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
ENTRYPOINT ./start.sh
# bash execs a lone command, but not one with a redirection
SHELL ["/bin/bash", "-c"]
CMD python main.py 2>&1
# expect: 4:1
# expect: 7:1
