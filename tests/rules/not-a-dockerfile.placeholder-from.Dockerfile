FROM REPLACE-ME
# expect: 1:6
# A template: its image is filled in by a tool; an image repository in
# capitals is never a valid reference, so the file is never built as is.
RUN apt-get update
USER root
