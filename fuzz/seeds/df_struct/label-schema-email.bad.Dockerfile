# config: label-schema: {maintainer: email}
FROM alpine:3.20
LABEL maintainer="ops at example.com"
LABEL maintainer="Ops <ops@example.com>"
LABEL maintainer=ops..x@example.com
LABEL maintainer=ops@
# expect: 3:7
# expect: 4:7
# expect: 5:7
# expect: 6:7
