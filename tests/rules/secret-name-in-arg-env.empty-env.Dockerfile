# An ENV set to nothing leaves nothing in the history; an ARG's value comes
# at build time, so it stays a finding.
FROM alpine:3.20
ENV PHOTOPRISM_DATABASE_PASSWORD=""
ENV ADMIN_PASSWORD=
ARG DB_PASSWORD=""
ENV API_TOKEN="set-at-runtime"
# expect: 6:5
# expect: 7:5
