FROM alpine:3.20
ENV APP_HOME=/app APP_DATA=$APP_HOME/data
ENV A=1 \
    B=${A:-x}
# expect: 2:28
# expect: 4:7
