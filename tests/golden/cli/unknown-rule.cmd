2
--ignore NO_SUCH_RULE examples
