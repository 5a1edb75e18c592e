# path: image/discourse_test/Dockerfile
# a folder named for the image's test variant (discourse_docker's
# image/discourse_test/): a CI image, never shipped
FROM discourse/base:release
RUN sudo -u discourse git config --global user.email "ci@example.com"
