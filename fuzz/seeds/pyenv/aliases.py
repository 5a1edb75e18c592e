from os import environ as E, getenv
"""doc os.environ["NO"]"""
E.get(r"A")
getenv('B',)
env = os.environ
env["C"] = "1"
del env["D"]
