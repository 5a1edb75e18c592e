FROM ruby:3.3
RUN gem install bundler:2.5.22
RUN gem install bundler -v 2.5.22
RUN gem install rails --version=7.1.0
RUN gem install --version 7.1.0 rails
# hadolint reads every option as taking a value: "bundler" is the value of --no-document
RUN gem install --no-document bundler
RUN gem update --system
RUN gem install -- bundler
