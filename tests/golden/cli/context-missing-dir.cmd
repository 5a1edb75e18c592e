2
context no/such/dir
