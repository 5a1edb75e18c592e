0
rules
