# A fragment without FROM: the image is assembled elsewhere, not judged here.
RUN apt-get update && apt-get install -y --no-install-recommends python3
CMD ["python3", "-m", "http.server"]
