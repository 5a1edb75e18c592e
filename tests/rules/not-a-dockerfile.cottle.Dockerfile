# A .NET image generator's template: placeholders in the middle of a RUN.
FROM mcr.microsoft.com/dotnet/runtime-deps:8.0
RUN dotnet_version={{ARGS["dotnet-version"]}} \
    && curl -fSL -o dotnet.tar.gz "https://dotnetcli.azureedge.net/dotnet/Runtime/$dotnet_version/dotnet.tar.gz"
# expect: 3:20
