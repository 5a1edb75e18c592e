# jaeger's debug stage: the base is a build argument (an image with Delve
# at /go/bin/dlv), so what it holds is not known
ARG debug_image
FROM $debug_image AS debug
COPY app-debug /go/bin/app
ENTRYPOINT ["/go/bin/dlv", "exec", "/go/bin/app"]
