# check=error=true;skip=StageNameCasing
FROM alpine:3.20 AS Build
CMD echo hi
