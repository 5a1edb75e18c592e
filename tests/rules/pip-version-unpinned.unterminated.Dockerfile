# The first here-document runs to the end of the file, so the second gets no body.
FROM python:3.12-slim
RUN pip install flask <<A <<B
data
# expect: 3:17
