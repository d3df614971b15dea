# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_deflect_global_optspecs
    string join \n dir= demo no-cache h/help V/version
end

function __fish_deflect_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_deflect_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_deflect_using_subcommand
    set -l cmd (__fish_deflect_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c deflect -n "__fish_deflect_needs_command" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_needs_command" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_needs_command" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_needs_command" -s V -l version -d 'Print version'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "find" -d 'Services that meet the needs, near a place, open at a time'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "show" -d 'One service whole, with its hours for the next 7 days'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "hours" -d 'What an opening-hours expression means, day by day'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "validate" -d 'Check a directory, for nightly scripts'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "categories" -d 'The taxonomy of needs, with the words officers may type'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "places" -d 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "report" -d 'Programme figures from the referral records, which identify no one'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "records" -d 'Referral records: mark one engaged, or purge old ones'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l radius -d 'Leave out located services farther than this (5, 5km, 3mi)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l age -d 'The person\'s age' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l gender -d 'The person\'s gender (women, men, nonbinary, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l lang -d 'A language the person speaks (ISO 639-1: en, es, ar, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l payment -d 'How the person pays (free, medicaid, self-pay, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l require -d 'Only services that state this attribute (walk-in, pets-allowed, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l limit -d 'How many results at most' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand find" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand find" -l open-only -d 'Leave out services that are not open at that time'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand show" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand show" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand show" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand show" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand show" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand show" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l timezone -d 'IANA timezone (default: the directory\'s, else UTC)' -r
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l country -d 'ISO country code for public holidays (default: the directory\'s)' -r
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand hours" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand hours" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l format -d 'Output format' -r -f -a "text\t'`file:line:column: severity[code]: message` blocks'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l as-of -d 'The day to judge ages against (default: today in the directory\'s timezone)' -r
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l max-age -d 'How many days a `verified` date stays fresh' -r
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l deny-warnings -d 'Fail on warnings too'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l fix -d 'Rewrite hours written in a tolerated form to their canonical form, in place'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l dry-run -d 'With --fix: show the changes as a diff and write nothing'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand categories" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand categories" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand categories" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand categories" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand categories" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand places" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand places" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand places" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand places" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand places" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand completions" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand completions" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand completions" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand completions" -s h -l help -d 'Print help'
complete -c deflect -n "__fish_deflect_using_subcommand report" -l since -d 'The first day counted, YYYY-MM-DD in the directory\'s timezone' -r
complete -c deflect -n "__fish_deflect_using_subcommand report" -l until -d 'The last day counted (inclusive), YYYY-MM-DD' -r
complete -c deflect -n "__fish_deflect_using_subcommand report" -l records -d 'A records file to read; repeat to merge several stations\' files (default: the config\'s)' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand report" -l suppress-below -d 'Show every count below N as <N, for reports that leave the programme' -r
complete -c deflect -n "__fish_deflect_using_subcommand report" -l timezone -d 'IANA timezone of days and hours (default: the directory\'s)' -r
complete -c deflect -n "__fish_deflect_using_subcommand report" -l format -d 'Output format' -r -f -a "table\t'Counts for people'
csv\t'One `dimension,key,count` row per count'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand report" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand report" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand report" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -s h -l help -d 'Print help'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -f -a "engaged" -d 'Mark the referral with this code engaged: the person arrived'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -f -a "purge" -d 'Remove records older than a number of days (rewrites the file)'
complete -c deflect -n "__fish_deflect_using_subcommand records; and not __fish_seen_subcommand_from engaged purge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from engaged" -l records -d 'A records file to look in; repeat for several (default: the config\'s)' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from engaged" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from engaged" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from engaged" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from engaged" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l older-than -d 'Remove records from before this many days before --as-of' -r
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l as-of -d 'The day to count back from (default: today in the directory\'s timezone)' -r
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l records -d 'A records file to purge; repeat for several (default: the config\'s)' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l timezone -d 'IANA timezone of days (default: the directory\'s)' -r
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from help" -f -a "engaged" -d 'Mark the referral with this code engaged: the person arrived'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Remove records older than a number of days (rewrites the file)'
complete -c deflect -n "__fish_deflect_using_subcommand records; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "find" -d 'Services that meet the needs, near a place, open at a time'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "show" -d 'One service whole, with its hours for the next 7 days'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "hours" -d 'What an opening-hours expression means, day by day'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "validate" -d 'Check a directory, for nightly scripts'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "categories" -d 'The taxonomy of needs, with the words officers may type'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "places" -d 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "report" -d 'Programme figures from the referral records, which identify no one'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "records" -d 'Referral records: mark one engaged, or purge old ones'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate categories places completions report records help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from records" -f -a "engaged" -d 'Mark the referral with this code engaged: the person arrived'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from records" -f -a "purge" -d 'Remove records older than a number of days (rewrites the file)'
