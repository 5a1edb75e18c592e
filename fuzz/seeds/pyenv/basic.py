import os
DB = os.environ["DATABASE_URL"]
x = os.getenv("PORT", 8000)
