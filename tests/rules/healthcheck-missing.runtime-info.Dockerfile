# A runtime image whose default command prints the runtime's description:
# a base for applications, which bring their own entrypoint.
FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled
COPY --from=mcr.microsoft.com/dotnet/runtime:8.0 /usr/share/dotnet /usr/share/dotnet
ENTRYPOINT ["/usr/bin/dotnet"]
CMD ["--info"]
