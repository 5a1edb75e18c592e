"""The queue worker of the example project."""
import os

QUEUE_URL = os.environ["QUEUE_URL"]
BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "16"))


def main() -> None:
    print(f"consuming {QUEUE_URL} in batches of {BATCH_SIZE}")


if __name__ == "__main__":
    main()
