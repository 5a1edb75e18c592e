FROM node:22
ENV APP=/app
COPY package.json package-lock.json /app
COPY ["a.txt", "b.txt", "/srv/www"]
COPY x y $APP
# expect: 3:37
# expect: 4:25
# expect: 5:10
