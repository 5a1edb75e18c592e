0
--failure-threshold none examples/Dockerfile -q
