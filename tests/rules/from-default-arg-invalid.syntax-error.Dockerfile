# a FROM that does not parse is syntax-error's finding alone
ARG B
FROM ${B} AS
FROM --foo=1 ${B}
FROM ${B}
# expect: 5:6
