apt-get install -y a `# why ` b` c` \
 d && rm -rf /x
