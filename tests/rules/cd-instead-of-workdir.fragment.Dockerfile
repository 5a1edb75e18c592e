# Instructions before any FROM are checked as a stage of an unknown base.
WORKDIR app
RUN cd /tmp && make
# expect: 3:5
