complete --keep-order --exclusive --command deflect --arguments "(DEFLECT_COMPLETE=fish deflect -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
