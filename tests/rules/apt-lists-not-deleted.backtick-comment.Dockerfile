FROM debian:12
# A backtick comment annotates one package; the RUN goes on after it.
RUN apt-get update \
  && apt-get install -y \
  libxslt1-dev `# libxslt is needed by lxml` \
  libcurl4 \
  && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y `# no cleanup follows` curl
# expect: 8:1
