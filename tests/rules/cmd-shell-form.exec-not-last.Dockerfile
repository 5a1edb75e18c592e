FROM python:3.12-slim
CMD echo "exec ./server"
ENTRYPOINT exec ./server &
# expect: 2:1
# expect: 3:1
