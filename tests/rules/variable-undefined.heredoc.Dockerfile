FROM alpine:3.20
ARG NAME=x
COPY <<EOF /etc/app.conf
name=$NAME
home=${APP_HOME}
quoted='$QUOTED'
escaped=\$ESCAPED
EOF
COPY <<'EOF' /etc/raw.conf
raw=$NOT_EXPANDED
EOF
RUN <<EOF
echo $SHELL_VAR
EOF
# expect: 5:6
# expect: 6:9
