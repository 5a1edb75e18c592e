# a .gem file is one version, fixed when it was fetched
FROM ruby:3.3
RUN gem fetch pups --version 1.4.0 && gem install --local --force pups-1.4.0.gem
RUN gem install ./vendor/mygem-2.1.0.gem rake
# expect: 4:42
