1
check --color never examples
