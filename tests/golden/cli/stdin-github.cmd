1
-f github --stdin-filename api/Dockerfile - --select PL1016 --select DL3004
