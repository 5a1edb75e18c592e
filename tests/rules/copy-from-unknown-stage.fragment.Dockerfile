# A fragment is no stage: --from=0 names nothing.
COPY --from=0 bar .
# expect: 2:6
