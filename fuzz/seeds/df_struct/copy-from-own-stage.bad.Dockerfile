FROM node:22 AS build
COPY --from=build /src /src
FROM node:22
COPY --from=1 /src /src
# expect: 2:6
# expect: 4:6
