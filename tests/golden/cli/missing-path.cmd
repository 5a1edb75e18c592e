2
no/such/dir
