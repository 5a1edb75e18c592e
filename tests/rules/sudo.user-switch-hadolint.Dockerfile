# select: DL3004
# hadolint flags every sudo
FROM ruby:3.3-slim
RUN sudo -u discourse bundle install
# expect: 4:5
