# config: label-schema: {licenses: spdx}
FROM alpine:3.20
LABEL licenses=MIT
LABEL licenses=Apache-2.0
LABEL licenses="MIT OR Apache-2.0"
LABEL licenses="GPL-2.0-only WITH Classpath-exception-2.0"
LABEL licenses="(MIT AND BSD-3-Clause) or LicenseRef-acme"
LABEL licenses=GPL-2.0+
