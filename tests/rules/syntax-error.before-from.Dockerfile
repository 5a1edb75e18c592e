# instruction-before-from reports this line; the syntax rule stays silent
RUN echo hi
FROM alpine:3.20
COPY --from=x
# expect: 4:1
