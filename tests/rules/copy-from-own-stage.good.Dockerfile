FROM node:22 AS deps
FROM node:22 AS build
COPY --from=deps /src /src
COPY --from=0 /src /src2
ONBUILD COPY --from=build /x /x
