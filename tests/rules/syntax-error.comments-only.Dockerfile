# postgis-style placeholder: update.sh writes this comment-only file for a
# version with no Debian build; nothing builds it
