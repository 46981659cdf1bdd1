# Drives zsh's real completion system for completion.bats: run as
#   zsh -f zsh_complete.zsh FPATH-DIR OUT LINE...
# it starts an interactive zsh on a pseudo-terminal (zsh/zpty), loads compinit with FPATH-DIR
# in front of $fpath, and for each LINE types it followed by Tab. Every match the completion
# functions hand to compadd is appended to OUT under a "== LINE" heading.
#
# The capture wraps compadd: a wrapper asks the builtin for the matches it would add (-O),
# records them, then adds them as usual, so the completion behaves exactly as it would for a
# user. A key bound to a small widget writes a marker after each Tab, which tells this
# driver the completion has finished.

zmodload zsh/zpty || exit 1
fdir=$1 out=$2
shift 2

zpty pyh zsh -f -i || exit 1
setup=(
  "PS1='> ' PROMPT_EOL_MARK=''"
  "unsetopt AUTO_LIST LIST_AMBIGUOUS BEEP AUTO_MENU"
  "fpath=(${(q)fdir} \$fpath)"
  "autoload -Uz compinit && compinit -u -D"
  # with the hook loaded, as users have it: its names must not clash with the completion's
  'eval "$(pyenvhook init zsh 2>/dev/null)"'
  "_pyh_out=${(q)out}"
  'compadd() {
     if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
     local -a _pyh_m
     builtin compadd -O _pyh_m "$@"
     (( $#_pyh_m )) && print -rl -- $_pyh_m >>$_pyh_out
     builtin compadd "$@"
   }'
  '_pyh_done() { print -r -- "<<done>>" >>$_pyh_out }'
  '_pyh_ready() { print -r -- "<<ready>>" >>$_pyh_out }'
  'zle -N _pyh_done && bindkey "^Xd" _pyh_done'
  'zle -N _pyh_ready && bindkey "^Xr" _pyh_ready'
)
for l in $setup; do
  zpty -w pyh "$l"
done

# ZLE throws away what was typed ahead of a fresh prompt, so knock until it answers.
integer tries=0
until grep -q '^<<ready>>$' $out 2>/dev/null; do
  (( ++tries > 600 )) && { print -u2 "zsh_complete: the shell never came to a prompt"; exit 1; }
  zpty -w -n pyh $'\x18r'
  while zpty -r -t pyh junk '*' 2>/dev/null; do :; done
  sleep 0.05
done

integer n=0
for line in "$@"; do
  print -r -- "== $line" >>$out
  zpty -w -n pyh "$line"$'\t\x18d\x15'
  (( n++ ))
  # Wait for this line's marker; 30 s is far beyond any completion, even on a busy machine.
  tries=0
  while (( $(grep -c '^<<done>>$' $out) < n )); do
    (( ++tries > 600 )) && { print -u2 "zsh_complete: no answer to: $line"; exit 1; }
    # Drained so that a long listing cannot block the shell on a full terminal.
    while zpty -r -t pyh junk '*' 2>/dev/null; do :; done
    sleep 0.05
  done
done
zpty -w pyh 'exit'
zpty -d pyh
exit 0
