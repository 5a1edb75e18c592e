FROM alpine:3.20
WORKDIR /app
RUN make
# hadolint does not look inside ONBUILD for this rule
ONBUILD RUN cd /app && make
RUN echo cd
