# discourse's test image: root runs one command as the app user
FROM ruby:3.3-slim
RUN useradd -m discourse
RUN sudo -u discourse git config --global user.email ci@example.com
RUN sudo --user=discourse bundle install
RUN sudo -E -u discourse true
