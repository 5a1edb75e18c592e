# path: rt-tests/Dockerfile
# expect: 5:5
# `rt-tests` names the test suite the image packages, which ships
FROM debian:bookworm-slim
RUN sudo apt-get install -y rt-tests
