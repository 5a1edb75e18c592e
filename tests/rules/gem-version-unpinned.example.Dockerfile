# path: examples/rails/Dockerfile
FROM ruby:3.3
RUN gem install bundler
