# Playwright's --with-deps / install-deps and minideb's install_packages run
# apt-get install themselves, in the same RUN
FROM node:22-bookworm
RUN apt-get update && playwright install --with-deps chromium-headless-shell
RUN apt-get update && npx playwright install-deps
RUN apt-get update && install_packages curl
# playwright without its deps installs no OS package
RUN apt-get update && playwright install chromium
# expect: 8:1
