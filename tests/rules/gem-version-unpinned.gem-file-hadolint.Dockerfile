# select: DL3028
# hadolint's DL3028 reads the word as a gem name
FROM ruby:3.3
RUN gem install ./vendor/mygem-2.1.0.gem
# expect: 4:17
