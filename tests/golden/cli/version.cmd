0
--version
