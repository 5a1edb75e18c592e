# Shapes from official images and .NET services: none holds a secret.
FROM python:3.12-slim
ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D
ENV NODE_GPG_KEYS="4ED778F539E3634C779C87C6D7062848A1AB005C"
ARG USERNAME=vscode
ENV Logging__Console__FormatterOptions__Key=json Cache__Redis__Key=sessions
