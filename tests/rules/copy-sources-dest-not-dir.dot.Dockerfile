# `.` and `..` name directories: BuildKit reads `.` as `./`.
FROM node:22
WORKDIR /app/sub
COPY package.json package-lock.json .
COPY a.txt b.txt ..
COPY a.txt b.txt ./lib/.
