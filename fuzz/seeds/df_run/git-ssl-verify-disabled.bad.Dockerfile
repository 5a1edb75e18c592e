FROM alpine/git:2.45.2
ENV GIT_SSL_NO_VERIFY=1
# git only checks that the variable exists
ENV GIT_SSL_NO_VERIFY=false
ARG GIT_SSL_NO_VERIFY=
RUN GIT_SSL_NO_VERIFY=true git clone https://git.internal/repo.git
RUN git config --global http.sslVerify false
RUN git -c http.sslVerify=false clone https://git.internal/repo.git
RUN git config --system http.https://git.internal.sslverify false
