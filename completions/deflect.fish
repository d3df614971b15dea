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
complete -c deflect -n "__fish_deflect_needs_command" -f -a "init" -d 'Start a new directory: a small commented example that validates'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "categories" -d 'The taxonomy of needs, with the words officers may type'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "places" -d 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "slip" -d 'A referral slip for one or more services, for the person to keep'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "cards" -d 'A printable HTML sheet of wallet cards, one per service found'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "import" -d 'Import a directory from another format (Open Referral HSDS)'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "export" -d 'Export the directory to another format (Open Referral HSDS)'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "report" -d 'Programme figures from the referral records, which identify no one'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "records" -d 'Referral records: mark one engaged, or purge old ones'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "desk" -d 'The guided desk: questions one at a time, results, and a slip'
complete -c deflect -n "__fish_deflect_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l radius -d 'Leave out located services farther than this (5, 5km, 3mi)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l age -d 'The person\'s age' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l gender -d 'The person\'s gender (women, men, nonbinary, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l lang -d 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l payment -d 'How the person pays (free, medicaid, self-pay, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l require -d 'Only services that state this attribute (walk-in, pets-allowed, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l limit -d 'How many results (or cards) at most' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand find" -l slip -d 'After the table, print a referral slip for the first N results' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l for -d 'The person\'s name: printed on the slip, never stored' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l pathway -d 'The deflection pathway (default: the config\'s `station.pathway`)' -r -f -a "self-referral\t''
active-outreach\t''
naloxone-plus\t''
officer-prevention\t''
officer-intervention\t''
community-responder\t''"
complete -c deflect -n "__fish_deflect_using_subcommand find" -l width -d 'Columns of a text slip, 32 to 120 (default: the config\'s, else 42)' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l printer -d 'The printer queue (default: the config\'s `slip.printer`, else the system\'s default); implies --print' -r
complete -c deflect -n "__fish_deflect_using_subcommand find" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand find" -l open-only -d 'Leave out services that are not open at that time'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l record -d 'Write a gap record when nothing is open for the needs, even when not run on a terminal (where records are on)'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l ascii -d 'Plain ASCII, for printers without Unicode'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l discreet -d 'Only names, addresses, phones, hours, the code and the crisis lines'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l print -d 'Send the slip to the printer with `lp` instead of standard output'
complete -c deflect -n "__fish_deflect_using_subcommand find" -l warm-handoff -d 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on'
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
complete -c deflect -n "__fish_deflect_using_subcommand init" -l timezone -d 'IANA timezone every opening hour is read in (default: this machine\'s)' -r
complete -c deflect -n "__fish_deflect_using_subcommand init" -l country -d 'ISO country code, for public holidays' -r
complete -c deflect -n "__fish_deflect_using_subcommand init" -l name -d 'The directory\'s name' -r
complete -c deflect -n "__fish_deflect_using_subcommand init" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand init" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand init" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l for -d 'The person\'s name: printed on the slip, never stored' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l pathway -d 'The deflection pathway (default: the config\'s `station.pathway`)' -r -f -a "self-referral\t''
active-outreach\t''
naloxone-plus\t''
officer-prevention\t''
officer-intervention\t''
community-responder\t''"
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l width -d 'Columns of a text slip, 32 to 120 (default: the config\'s, else 42)' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l printer -d 'The printer queue (default: the config\'s `slip.printer`, else the system\'s default); implies --print' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l lang -d 'The language of the slip\'s own words: en, es (default: the config\'s `slip.lang`; others fall back to English)' -r
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l format -d 'Output format' -r -f -a "text\t'Text for receipt printers and terminals'
html\t'One self-contained, print-ready HTML page'"
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l paper -d 'The paper of an HTML slip' -r -f -a "a6\t'A6 sheets, 105 x 148 mm'
80mm\t'An 80 mm receipt roll'"
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l ascii -d 'Plain ASCII, for printers without Unicode'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l discreet -d 'Only names, addresses, phones, hours, the code and the crisis lines'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l print -d 'Send the slip to the printer with `lp` instead of standard output'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l warm-handoff -d 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand slip" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l radius -d 'Leave out located services farther than this (5, 5km, 3mi)' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l age -d 'The person\'s age' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l gender -d 'The person\'s gender (women, men, nonbinary, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l lang -d 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l payment -d 'How the person pays (free, medicaid, self-pay, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l require -d 'Only services that state this attribute (walk-in, pets-allowed, …)' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l limit -d 'How many results (or cards) at most' -r
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l paper -d 'The paper to print on' -r -f -a "a4\t'ISO A4: 10 cards a page'
letter\t'US Letter: 8 cards a page'"
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l open-only -d 'Leave out services that are not open at that time'
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand cards" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand cards" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -s h -l help -d 'Print help'
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -f -a "hsds" -d 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
complete -c deflect -n "__fish_deflect_using_subcommand import; and not __fish_seen_subcommand_from hsds help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l out -d 'The deflect directory to write (created, or replaced in part)' -r -f -a "(__fish_complete_directories)"
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l timezone -d 'IANA timezone of a new directory (required unless DIR has a directory.toml)' -r
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l country -d 'ISO country code of a new directory, for public holidays' -r
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l name -d 'Name of a new directory' -r
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l map -d 'A TOML file mapping HSDS term codes or names to category ids (docs/CLI.md)' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l as-of -d 'The day schedule validity is judged against (default: today in the directory\'s timezone)' -r
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l format -d 'Output format of the report' -r -f -a "text\t'`file:line:column: severity[code]: message` blocks'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l force -d 'Write into a folder that is not a deflect directory'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from hsds" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "hsds" -d 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
complete -c deflect -n "__fish_deflect_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -s h -l help -d 'Print help'
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -f -a "hsds" -d 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
complete -c deflect -n "__fish_deflect_using_subcommand export; and not __fish_seen_subcommand_from hsds help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -l out -d 'The folder to write services.json into' -r -f -a "(__fish_complete_directories)"
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -l format -d 'Output format of the report' -r -f -a "text\t'`file:line:column: severity[code]: message` blocks'
json\t'One JSON object for scripts'"
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from hsds" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "hsds" -d 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
complete -c deflect -n "__fish_deflect_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l near -d 'Where the person is: a place name or alias, a postcode, or LAT,LON' -r
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l at -d 'When: `now`, YYYY-MM-DDTHH:MM in the directory\'s timezone, or RFC 3339' -r
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l dir -d 'The directory: a folder of TOML files or one .toml file' -r -F
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l plain -d 'Numbered prompts without cursor movement (the default with TERM=dumb or without a terminal)'
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l demo -d 'Use the fictional demo directory built into deflect'
complete -c deflect -n "__fish_deflect_using_subcommand desk" -l no-cache -d 'Read the TOML files even where a cache of them exists'
complete -c deflect -n "__fish_deflect_using_subcommand desk" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "find" -d 'Services that meet the needs, near a place, open at a time'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "show" -d 'One service whole, with its hours for the next 7 days'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "hours" -d 'What an opening-hours expression means, day by day'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "validate" -d 'Check a directory, for nightly scripts'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "init" -d 'Start a new directory: a small commented example that validates'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "categories" -d 'The taxonomy of needs, with the words officers may type'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "places" -d 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "slip" -d 'A referral slip for one or more services, for the person to keep'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "cards" -d 'A printable HTML sheet of wallet cards, one per service found'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "import" -d 'Import a directory from another format (Open Referral HSDS)'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "export" -d 'Export the directory to another format (Open Referral HSDS)'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "report" -d 'Programme figures from the referral records, which identify no one'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "records" -d 'Referral records: mark one engaged, or purge old ones'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "desk" -d 'The guided desk: questions one at a time, results, and a slip'
complete -c deflect -n "__fish_deflect_using_subcommand help; and not __fish_seen_subcommand_from find show hours validate init categories places completions slip cards import export report records desk help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "hsds" -d 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "hsds" -d 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from records" -f -a "engaged" -d 'Mark the referral with this code engaged: the person arrived'
complete -c deflect -n "__fish_deflect_using_subcommand help; and __fish_seen_subcommand_from records" -f -a "purge" -d 'Remove records older than a number of days (rewrites the file)'
