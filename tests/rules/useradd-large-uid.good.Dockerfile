FROM debian:12
RUN useradd -u 10001 app
RUN useradd -l -u 1000001 app2
RUN useradd --no-log-init --uid 1000001 app3
ARG BIGUID
RUN useradd -u "$BIGUID" app4
RUN adduser -u 1000001 app5
RUN useradd -m app6
