# The fingerprint or id of the public key that verifies a download is
# published with it; only a private key's material or passphrase is secret.
FROM debian:12-slim
ENV TOR_RELEASE_KEY_FINGERPRINT=A3C4F0F979CAA22CDBA8F512EE8CBC9E886DDD89
ARG SIGNING_KEYID=0x4E2C6E8793298290
ARG SIGNING_KEY_PASSPHRASE
# expect: 6:5
