1
--preset hadolint --select image-digest-missing --select DL3002 examples/Dockerfile
