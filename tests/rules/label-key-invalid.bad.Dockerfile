FROM alpine:3.20
LABEL Maintainer="ops@example.com"
LABEL com.docker.thing=1 good.key=2
LABEL "org..acme"=x org.acme-=y
LABEL org.acme.team_a=x org.Acme=y
LABEL org.acme--x=1 io.docker.x=2
# expect: 2:7
# expect: 3:7
# expect: 4:7
# expect: 4:21
# expect: 5:25
# expect: 6:7
# expect: 6:21
