# select: DL3021
FROM ruby:3.4-slim
COPY a.so b.so /usr/lib
# expect: 3:16
