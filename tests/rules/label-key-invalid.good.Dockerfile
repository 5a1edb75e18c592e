FROM alpine:3.20
ARG KEY
LABEL org.opencontainers.image.authors="ops@example.com"
LABEL "com.example.team"=payments version=1 a/b_c-d.e9=x
LABEL $KEY=unknown
