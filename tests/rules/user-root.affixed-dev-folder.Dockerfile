# path: image/discourse_dev/Dockerfile
# discourse_docker's development image boots runit as root
FROM discourse/base:release
USER root
CMD ["/sbin/boot"]
