# Test vocabulary for tcsh, the words prelude.sh gives bash and zsh: each probe appends one
# line to $PYH_OUT. Aliases, as tcsh has no functions.
set prompt = '$ '
set echo_style = bsd
alias probe 'if ( ! $?VIRTUAL_ENV ) setenv VIRTUAL_ENV "<unset>" ; echo "\!:1 VIRTUAL_ENV=$VIRTUAL_ENV PATH=$PATH" >> "$PYH_OUT" ; if ( "$VIRTUAL_ENV" == "<unset>" ) unsetenv VIRTUAL_ENV'
alias probe_status 'echo "status $status" >> "$PYH_OUT"'
alias note 'echo \!* >> "$PYH_OUT"'
