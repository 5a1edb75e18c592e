# select: DL3007
# hadolint reads the FROM word as written
FROM kong:latest
# expect: 3:6
