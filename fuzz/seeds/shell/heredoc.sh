cat <<'EOF' > /etc/x
rm -rf /
EOF
cat <<-EOT | tee y
	$(date)
	EOT
echo done
