# The same runtime running an application is a service: judged.
FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY out/ /app/
ENTRYPOINT ["dotnet", "/app/api.dll"]
# expect: 2:1
