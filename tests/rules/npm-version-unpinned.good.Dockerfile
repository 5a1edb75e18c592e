FROM node:22-slim
RUN npm install
RUN npm ci
RUN npm install -g typescript@5.6.3 @angular/cli@18.2.0 npm@latest
RUN npm install git+https://github.com/org/repo.git#v1.0.0 ./local-pkg /abs/path ../up ~/home
RUN npm install pkg.tgz file.tar.gz x.tar
RUN npm install --registry https://registry.example.com --loglevel warn lodash@4.17.21
RUN npm run install
RUN npm i express
ARG PKG
RUN npm install "$PKG"
