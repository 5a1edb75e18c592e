# sudo -u root and a plain sudo are the way up to root
FROM ruby:3.3-slim
RUN sudo -u root apt-get update
# expect: 3:5
RUN sudo -u app true && sudo make install
# expect: 5:25
