# torch.compile's inductor backend calls the system C compiler at run time
FROM pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY serve.py /srv/
CMD ["python", "/srv/serve.py"]
