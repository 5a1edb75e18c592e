# `su app -c` in a shell-form CMD without exec: the shell stays root, but
# the service itself runs as app (su under the CMD's shell counts)
FROM debian:bookworm-slim
CMD su app -c "/srv/run"
