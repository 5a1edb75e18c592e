FROM registry.example.com/team/runtime:1.4
HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
