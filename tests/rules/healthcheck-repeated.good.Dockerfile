FROM nginx:1.27 AS one
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
FROM nginx:1.27 AS two
# one per stage is fine, and ONBUILD belongs to a later build
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
ONBUILD HEALTHCHECK NONE
