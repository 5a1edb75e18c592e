"""A minimal inference API used as plimsoll's example project."""
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "model_dir": os.environ.get("MODEL_DIR", "")}
