FROM ruby:3.3
RUN gem install bundler
RUN gem i rake rails:7.1.0
ONBUILD RUN gem install puma
# expect: 2:17
# expect: 3:11
# expect: 4:25
