FROM node:22
ENV NPM_CONFIG_STRICT_SSL=false
ENV npm_config_strict_ssl false
ARG NPM_CONFIG_STRICT_SSL="false"
RUN NPM_CONFIG_STRICT_SSL=false npm ci
# expect: 2:5
# expect: 3:5
# expect: 4:5
# expect: 5:5
