FROM nginx:1.27 AS base
HEALTHCHECK CMD curl -f http://localhost/
FROM nginx:1.27
COPY site /usr/share/nginx/html
# expect: 3:1
