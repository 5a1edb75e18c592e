1
--preset hadolint -q examples
