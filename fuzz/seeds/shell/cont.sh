apt-get install \
  curl \
  wget # comment
