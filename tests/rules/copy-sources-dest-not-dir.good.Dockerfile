FROM node:22
ARG DEST
ENV APP=/app/
COPY package.json package-lock.json /app/
COPY ["a.txt", "b.txt", "/srv/"]
COPY x y $APP
COPY single.txt /app/single.txt
# an unknown destination is not judged
COPY x y $DEST
ADD a.tar b.tar /opt
