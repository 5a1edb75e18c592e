0
explain DL3002
