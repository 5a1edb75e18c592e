#!/usr/bin/env zsh
# zsh_capture.zsh DIR LINE...: the candidates zsh's completion system offers
# for each LINE, with the _plimsoll in DIR loaded by compinit (once: it is
# slow); prints one line per LINE, its candidates sorted, separated by spaces. It drives an
# interactive zsh in a pseudo-terminal (zpty) and replaces compadd with one
# that prints each match between markers; the markers are built at run time
# so the terminal's echo of the definitions never matches them.
zmodload zsh/zpty || exit 1
dir=$1
shift
zpty z zsh -f -i
zpty -w z "PROMPT= RPROMPT= PS2="
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'zstyle ":completion:*" list-grouped false'
zpty -w z 'zstyle ":completion:*" insert-tab false'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local h
  for h in $__hits; do print -r -- "${:-<}COMP>$h</COMP>"; done
}'
zpty -w z 'finish() { print -r -- "${:-<}DONE>"; comppostfuncs=(finish); }'
zpty -w z "comppostfuncs=(finish)"
zpty -w z "bindkey '^I' complete-word"
local out line
local -a hits
for line in "$@"; do
  hits=()
  zpty -n -w z "$line"$'\t'
  while zpty -r z out; do
    [[ $out == *'<DONE>'* ]] && break
    [[ $out == *'<COMP>'* ]] && hits+=("${${out##*<COMP>}%%</COMP>*}")
  done
  print -r -- "${(j: :)${(o)hits}}"
  zpty -n -w z $'\C-u' # clear the line for the next one
done
zpty -d z
