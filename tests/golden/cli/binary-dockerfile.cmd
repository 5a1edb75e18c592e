1
--select syntax-error --select cd-instead-of-workdir --select user-missing tests/golden/cli/binary-dockerfile.Dockerfile
