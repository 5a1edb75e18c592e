# select: FromPlatformFlagConstDisallowed
FROM --platform=linux/arm64 nvcr.io/nvidia/l4t-jetpack:r36.4.0 AS jetpack-6
RUN make -C /src
FROM --platform=linux/arm64 scratch AS arm64
COPY --from=jetpack-6 /dist/lib /lib/
# expect: 2:6
