2
--preset nope examples
