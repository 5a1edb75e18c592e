# remark42's site: the base image (not an official one) ships /srv/reproxy,
# which the Dockerfile only runs: unknown, not missing
FROM ghcr.io/umputun/reproxy
COPY site /srv/site
ENTRYPOINT ["/srv/reproxy", "--assets.location=/srv/site"]
