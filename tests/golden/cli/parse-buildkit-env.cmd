0
parse SHARED/conformance/buildkit-parser/testfiles/env/Dockerfile --dump buildkit
