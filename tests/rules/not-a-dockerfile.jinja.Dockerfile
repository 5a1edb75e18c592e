# Rendered by the release tooling.
FROM python:{{ python_version }}-slim
{% if with_node %}
RUN apt-get update && apt-get install -y nodejs
{% endif %}
# expect: 2:13
