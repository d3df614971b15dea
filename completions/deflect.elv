
set edit:completion:arg-completer[deflect] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) DEFLECT_COMPLETE="elvish" deflect -- $@words) | to-lines
}

