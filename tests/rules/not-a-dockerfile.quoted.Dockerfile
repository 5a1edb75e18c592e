# Quoted and commented braces are the shell's, not a template's.
FROM docker:27-cli
RUN echo "{{ not a template }}" > /x && echo '{{.Id}}' >> /x  # {{ .Note }}
CMD ["docker", "ps", "--format", "{{.Names}}"]
