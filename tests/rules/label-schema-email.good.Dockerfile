# config: label-schema: {maintainer: email}
FROM alpine:3.20
LABEL maintainer=ops@example.com
LABEL maintainer=first.last+tag@sub.example.co.uk
LABEL maintainer="\"odd local\"@example.com"
