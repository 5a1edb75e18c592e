# path: hack/Dockerfile.dev-tools
FROM argocd-test-tools:latest AS base
RUN ./install.sh lint-tools
