
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'deflect' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'deflect'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'deflect' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Services that meet the needs, near a place, open at a time')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One service whole, with its hours for the next 7 days')
            [CompletionResult]::new('hours', 'hours', [CompletionResultType]::ParameterValue, 'What an opening-hours expression means, day by day')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a directory, for nightly scripts')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start a new directory: a small commented example that validates')
            [CompletionResult]::new('categories', 'categories', [CompletionResultType]::ParameterValue, 'The taxonomy of needs, with the words officers may type')
            [CompletionResult]::new('places', 'places', [CompletionResultType]::ParameterValue, 'The gazetteer: stations, landmarks, neighbourhoods, postcodes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('slip', 'slip', [CompletionResultType]::ParameterValue, 'A referral slip for one or more services, for the person to keep')
            [CompletionResult]::new('cards', 'cards', [CompletionResultType]::ParameterValue, 'A printable HTML sheet of wallet cards, one per service found')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a directory from another format (Open Referral HSDS)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the directory to another format (Open Referral HSDS)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Programme figures from the referral records, which identify no one')
            [CompletionResult]::new('records', 'records', [CompletionResultType]::ParameterValue, 'Referral records: mark one engaged, or purge old ones')
            [CompletionResult]::new('desk', 'desk', [CompletionResultType]::ParameterValue, 'The guided desk: questions one at a time, results, and a slip')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;find' {
            [CompletionResult]::new('--near', '--near', [CompletionResultType]::ParameterName, 'Where the person is: a place name or alias, a postcode, or LAT,LON')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339')
            [CompletionResult]::new('--radius', '--radius', [CompletionResultType]::ParameterName, 'Leave out located services farther than this (5, 5km, 3mi)')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'The person''s age')
            [CompletionResult]::new('--gender', '--gender', [CompletionResultType]::ParameterName, 'The person''s gender (women, men, nonbinary, …)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words')
            [CompletionResult]::new('--payment', '--payment', [CompletionResultType]::ParameterName, 'How the person pays (free, medicaid, self-pay, …)')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Only services that state this attribute (walk-in, pets-allowed, …)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many results (or cards) at most')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--slip', '--slip', [CompletionResultType]::ParameterName, 'After the table, print a referral slip for the first N results')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'The person''s name: printed on the slip, never stored')
            [CompletionResult]::new('--pathway', '--pathway', [CompletionResultType]::ParameterName, 'The deflection pathway (default: the config''s `station.pathway`)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Columns of a text slip, 32 to 120 (default: the config''s, else 42)')
            [CompletionResult]::new('--printer', '--printer', [CompletionResultType]::ParameterName, 'The printer queue (default: the config''s `slip.printer`, else the system''s default); implies --print')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--open-only', '--open-only', [CompletionResultType]::ParameterName, 'Leave out services that are not open at that time')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Write a gap record when nothing is open for the needs, even when not run on a terminal (where records are on)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Plain ASCII, for printers without Unicode')
            [CompletionResult]::new('--discreet', '--discreet', [CompletionResultType]::ParameterName, 'Only names, addresses, phones, hours, the code and the crisis lines')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Send the slip to the printer with `lp` instead of standard output')
            [CompletionResult]::new('--warm-handoff', '--warm-handoff', [CompletionResultType]::ParameterName, 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;show' {
            [CompletionResult]::new('--near', '--near', [CompletionResultType]::ParameterName, 'Where the person is: a place name or alias, a postcode, or LAT,LON')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;hours' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM, or RFC 3339')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA timezone (default: the directory''s, else UTC)')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'ISO country code for public holidays (default: the directory''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The day to judge ages against (default: today in the directory''s timezone)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'How many days a `verified` date stays fresh')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Fail on warnings too')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Rewrite hours written in a tolerated form to their canonical form, in place')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --fix: show the changes as a diff and write nothing')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;init' {
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA timezone every opening hour is read in (default: this machine''s)')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'ISO country code, for public holidays')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The directory''s name')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;categories' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;places' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'deflect;slip' {
            [CompletionResult]::new('--near', '--near', [CompletionResultType]::ParameterName, 'Where the person is: a place name or alias, a postcode, or LAT,LON')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'The person''s name: printed on the slip, never stored')
            [CompletionResult]::new('--pathway', '--pathway', [CompletionResultType]::ParameterName, 'The deflection pathway (default: the config''s `station.pathway`)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Columns of a text slip, 32 to 120 (default: the config''s, else 42)')
            [CompletionResult]::new('--printer', '--printer', [CompletionResultType]::ParameterName, 'The printer queue (default: the config''s `slip.printer`, else the system''s default); implies --print')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'The language of the slip''s own words: en, es (default: the config''s `slip.lang`; others fall back to English)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--paper', '--paper', [CompletionResultType]::ParameterName, 'The paper of an HTML slip')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Plain ASCII, for printers without Unicode')
            [CompletionResult]::new('--discreet', '--discreet', [CompletionResultType]::ParameterName, 'Only names, addresses, phones, hours, the code and the crisis lines')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Send the slip to the printer with `lp` instead of standard output')
            [CompletionResult]::new('--warm-handoff', '--warm-handoff', [CompletionResultType]::ParameterName, 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;cards' {
            [CompletionResult]::new('--near', '--near', [CompletionResultType]::ParameterName, 'Where the person is: a place name or alias, a postcode, or LAT,LON')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339')
            [CompletionResult]::new('--radius', '--radius', [CompletionResultType]::ParameterName, 'Leave out located services farther than this (5, 5km, 3mi)')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'The person''s age')
            [CompletionResult]::new('--gender', '--gender', [CompletionResultType]::ParameterName, 'The person''s gender (women, men, nonbinary, …)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words')
            [CompletionResult]::new('--payment', '--payment', [CompletionResultType]::ParameterName, 'How the person pays (free, medicaid, self-pay, …)')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Only services that state this attribute (walk-in, pets-allowed, …)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many results (or cards) at most')
            [CompletionResult]::new('--paper', '--paper', [CompletionResultType]::ParameterName, 'The paper to print on')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--open-only', '--open-only', [CompletionResultType]::ParameterName, 'Leave out services that are not open at that time')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;import' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;import;hsds' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The deflect directory to write (created, or replaced in part)')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA timezone of a new directory (required unless DIR has a directory.toml)')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'ISO country code of a new directory, for public holidays')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of a new directory')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'A TOML file mapping HSDS term codes or names to category ids (docs/CLI.md)')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The day schedule validity is judged against (default: today in the directory''s timezone)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the report')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a folder that is not a deflect directory')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;import;help' {
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;import;help;hsds' {
            break
        }
        'deflect;import;help;help' {
            break
        }
        'deflect;export' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;export;hsds' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to write services.json into')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the report')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;export;help' {
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;export;help;hsds' {
            break
        }
        'deflect;export;help;help' {
            break
        }
        'deflect;report' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The first day counted, YYYY-MM-DD in the directory''s timezone')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'The last day counted (inclusive), YYYY-MM-DD')
            [CompletionResult]::new('--records', '--records', [CompletionResultType]::ParameterName, 'A records file to read; repeat to merge several stations'' files (default: the config''s)')
            [CompletionResult]::new('--suppress-below', '--suppress-below', [CompletionResultType]::ParameterName, 'Show every count below N as <N, for reports that leave the programme')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA timezone of days and hours (default: the directory''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;records' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('engaged', 'engaged', [CompletionResultType]::ParameterValue, 'Mark the referral with this code engaged: the person arrived')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Remove records older than a number of days (rewrites the file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;records;engaged' {
            [CompletionResult]::new('--records', '--records', [CompletionResultType]::ParameterName, 'A records file to look in; repeat for several (default: the config''s)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;records;purge' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Remove records from before this many days before --as-of')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The day to count back from (default: today in the directory''s timezone)')
            [CompletionResult]::new('--records', '--records', [CompletionResultType]::ParameterName, 'A records file to purge; repeat for several (default: the config''s)')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA timezone of days (default: the directory''s)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'deflect;records;help' {
            [CompletionResult]::new('engaged', 'engaged', [CompletionResultType]::ParameterValue, 'Mark the referral with this code engaged: the person arrived')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Remove records older than a number of days (rewrites the file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;records;help;engaged' {
            break
        }
        'deflect;records;help;purge' {
            break
        }
        'deflect;records;help;help' {
            break
        }
        'deflect;desk' {
            [CompletionResult]::new('--near', '--near', [CompletionResultType]::ParameterName, 'Where the person is: a place name or alias, a postcode, or LAT,LON')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory: a folder of TOML files or one .toml file')
            [CompletionResult]::new('--plain', '--plain', [CompletionResultType]::ParameterName, 'Numbered prompts without cursor movement (the default with TERM=dumb or without a terminal)')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Use the fictional demo directory built into deflect')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read the TOML files even where a cache of them exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'deflect;help' {
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Services that meet the needs, near a place, open at a time')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One service whole, with its hours for the next 7 days')
            [CompletionResult]::new('hours', 'hours', [CompletionResultType]::ParameterValue, 'What an opening-hours expression means, day by day')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a directory, for nightly scripts')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start a new directory: a small commented example that validates')
            [CompletionResult]::new('categories', 'categories', [CompletionResultType]::ParameterValue, 'The taxonomy of needs, with the words officers may type')
            [CompletionResult]::new('places', 'places', [CompletionResultType]::ParameterValue, 'The gazetteer: stations, landmarks, neighbourhoods, postcodes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('slip', 'slip', [CompletionResultType]::ParameterValue, 'A referral slip for one or more services, for the person to keep')
            [CompletionResult]::new('cards', 'cards', [CompletionResultType]::ParameterValue, 'A printable HTML sheet of wallet cards, one per service found')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a directory from another format (Open Referral HSDS)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the directory to another format (Open Referral HSDS)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Programme figures from the referral records, which identify no one')
            [CompletionResult]::new('records', 'records', [CompletionResultType]::ParameterValue, 'Referral records: mark one engaged, or purge old ones')
            [CompletionResult]::new('desk', 'desk', [CompletionResultType]::ParameterValue, 'The guided desk: questions one at a time, results, and a slip')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'deflect;help;find' {
            break
        }
        'deflect;help;show' {
            break
        }
        'deflect;help;hours' {
            break
        }
        'deflect;help;validate' {
            break
        }
        'deflect;help;init' {
            break
        }
        'deflect;help;categories' {
            break
        }
        'deflect;help;places' {
            break
        }
        'deflect;help;completions' {
            break
        }
        'deflect;help;slip' {
            break
        }
        'deflect;help;cards' {
            break
        }
        'deflect;help;import' {
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder')
            break
        }
        'deflect;help;import;hsds' {
            break
        }
        'deflect;help;export' {
            [CompletionResult]::new('hsds', 'hsds', [CompletionResultType]::ParameterValue, 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service')
            break
        }
        'deflect;help;export;hsds' {
            break
        }
        'deflect;help;report' {
            break
        }
        'deflect;help;records' {
            [CompletionResult]::new('engaged', 'engaged', [CompletionResultType]::ParameterValue, 'Mark the referral with this code engaged: the person arrived')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Remove records older than a number of days (rewrites the file)')
            break
        }
        'deflect;help;records;engaged' {
            break
        }
        'deflect;help;records;purge' {
            break
        }
        'deflect;help;desk' {
            break
        }
        'deflect;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
