FROM ruby:3.4-slim
WORKDIR /srv/app
COPY a.so b.so /usr/lib
COPY Gemfile Gemfile.lock /srv/app
RUN mkdir -p /opt/tools/bin && true
COPY x y /opt/tools/bin
COPY config/ /etc/myapp/
COPY a.yml b.yml /etc/myapp
COPY p q /data/out
FROM scratch
COPY a b /usr/lib
# expect: 9:10
# expect: 11:10
