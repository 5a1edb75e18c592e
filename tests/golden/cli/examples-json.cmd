1
-f json examples
