FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK --interval=5s CMD wget -qO- http://localhost/ || exit 1
HEALTHCHECK NONE
# expect: 3:1
# expect: 4:1
