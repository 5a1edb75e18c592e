#!/bin/sh
# Measures plimsoll's throughput: files/s and MB/s on a generated corpus of
# Dockerfiles and on the repository's own examples. A benchmark, not a test:
# it prints figures and never fails on them.
# Usage: bench/run.sh [PLIMSOLL_BINARY] [N_FILES]
set -eu
bin=${1:-build/plimsoll}
n=${2:-5000}
# outside the repository: plimsoll skips what git ignores, and build/ is ignored
dir=${PLIMSOLL_BENCH_DIR:-${TMPDIR:-/tmp}/plimsoll-bench-corpus}
mkdir -p "$dir"
if [ ! -f "$dir/.n" ] || [ "$(cat "$dir/.n")" != "$n" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    i=0
    while [ $i -lt $n ]; do
        d="$dir/svc$((i / 50))/app$i"
        mkdir -p "$d"
        case $((i % 4)) in
        0) cat > "$d/Dockerfile" <<DF
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM python:\${PYTHON_VERSION}-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
FROM python:\${PYTHON_VERSION}-slim
ENV PYTHONUNBUFFERED=1 APP_ID=$i
COPY --from=build /src /app
USER 1000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/')"]
CMD ["python", "/app/main.py"]
DF
        ;;
        1) cat > "$d/Dockerfile" <<DF
FROM node:22
WORKDIR app
COPY package.json package-lock.json ./
RUN npm install express && npm ci
RUN curl -fsSL https://example.com/install.sh | sh
COPY . .
EXPOSE 3000
CMD node server.js
DF
        ;;
        2) cat > "$d/Dockerfile" <<DF
FROM golang:1.23 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
DF
        ;;
        3) cat > "$d/Dockerfile" <<DF
FROM alpine:3.20
RUN apk add curl bash
RUN <<EOT
set -e
adduser -D app
mkdir -p /data
EOT
ADD config.json /etc/app/
USER app
CMD ["/bin/sh"]
DF
        ;;
        esac
        printf '.git\nnode_modules\n*.pyc\n' > "$d/.dockerignore"
        i=$((i + 1))
    done
    echo "$n" > "$dir/.n"
fi
bytes=$(find "$dir" -type f ! -name .n -exec cat {} + | wc -c)
files=$(find "$dir" -type f ! -name .n | wc -l)
echo "corpus: $files files, $bytes bytes ($dir)"
nproc=$(nproc 2>/dev/null || echo 1)

measure() {
    label=$1; shift
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    [ $ms -eq 0 ] && ms=1
    awk -v l="$label" -v ms="$ms" -v f="$files" -v b="$bytes" \
        'BEGIN { printf "%s: %d ms, %.0f files/s, %.2f MB/s\n", l, ms, f * 1000 / ms, b / 1000 / ms }'
}
measure "plimsoll -j1 -f json" "$bin" -j 1 -f json "$dir"
measure "plimsoll -j$nproc -f json" "$bin" -j "$nproc" -f json "$dir"
measure "plimsoll -j$nproc -f json --ignore shellcheck" "$bin" -j "$nproc" -f json --ignore shellcheck "$dir"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -i --warmup 3 --runs 20 "$bin --version" "$bin -f json examples" 2>/dev/null |
        grep -E 'Benchmark|Time' ; true
else
    measure "plimsoll examples (2 files)" "$bin" -f json examples
fi
if command -v hadolint >/dev/null 2>&1; then
    measure "hadolint (Dockerfiles only)" sh -c "find '$dir' -name Dockerfile | xargs hadolint --no-fail"
else
    echo "hadolint: not installed; no peer figure"
fi
