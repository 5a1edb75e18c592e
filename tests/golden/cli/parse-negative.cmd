1
parse SHARED/conformance/buildkit-parser/testfiles-negative/env_no_value/Dockerfile --dump buildkit
