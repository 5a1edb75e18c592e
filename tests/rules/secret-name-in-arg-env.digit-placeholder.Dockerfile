# An ENV set to a digit placeholder (a run like 123456, a repeated 000000)
# holds no secret; the real token comes at run time. A number that is not a
# placeholder, and an ARG (whose value comes at build time), stay findings.
FROM alpine:3.20
ENV AIO_TOKEN=123456
ENV SESSION_SECRET="000000"
ENV ADMIN_PASSWORD=987654
ENV API_TOKEN=739104
ARG BUILD_TOKEN=123456
# expect: 8:5
# expect: 9:5
