# vLLM's kernels and Triton's launcher are compiled on first use: gcc and
# ninja are run-time dependencies of the serving image
FROM python:3.12-slim AS build
RUN pip wheel --no-deps -w /wheels vllm==0.6.3
FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN apt-get update && apt-get install -y --no-install-recommends gcc ninja-build \
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir /wheels/*.whl
CMD ["python", "-m", "vllm.entrypoints.openai.api_server"]
