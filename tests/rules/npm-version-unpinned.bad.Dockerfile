FROM node:22-slim
RUN npm install -g typescript
RUN npm install --save-dev @types/node eslint@9.0.0
RUN npm install git+https://github.com/org/repo.git
ONBUILD RUN npm install express
RUN npm --prefix /app install --omit dev lodash
# expect: 2:20
# expect: 3:28
# expect: 4:17
# expect: 5:25
# expect: 6:42
