FROM alpine/git:2.45.2
ARG GIT_SSL_NO_VERIFY
RUN git config --global http.sslVerify true
RUN git config --global http.sslCAInfo /etc/ssl/certs/internal-ca.pem
RUN git clone https://git.internal/repo.git
RUN echo GIT_SSL_NO_VERIFY=1
