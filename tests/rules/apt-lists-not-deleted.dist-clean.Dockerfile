FROM debian:13.2-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates=20250419; \
	apt-get dist-clean
RUN apt-get update && apt-get install -y curl=8.14.1-2 && apt dist-clean
RUN apt-get update && apt-get install -y jq=1.7.1-6 && apt-get clean
RUN apt-get dist-clean && apt-get update && apt-get install -y git=1:2.47.3-0
RUN apt-get update && apt-get -o Debug::NoLocking=1 dist-clean
# expect: 7:1
# expect: 8:1
