FROM node:latest
FROM localhost:5000/app:latest
# expect: 1:6
# expect: 2:6
