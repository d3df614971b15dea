
use builtin;
use str;

set edit:completion:arg-completer[deflect] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'deflect'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'deflect'= {
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand find 'Services that meet the needs, near a place, open at a time'
            cand show 'One service whole, with its hours for the next 7 days'
            cand hours 'What an opening-hours expression means, day by day'
            cand validate 'Check a directory, for nightly scripts'
            cand init 'Start a new directory: a small commented example that validates'
            cand categories 'The taxonomy of needs, with the words officers may type'
            cand places 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
            cand completions 'Print the completion script for a shell'
            cand slip 'A referral slip for one or more services, for the person to keep'
            cand cards 'A printable HTML sheet of wallet cards, one per service found'
            cand import 'Import a directory from another format (Open Referral HSDS)'
            cand export 'Export the directory to another format (Open Referral HSDS)'
            cand report 'Programme figures from the referral records, which identify no one'
            cand records 'Referral records: mark one engaged, or purge old ones'
            cand desk 'The guided desk: questions one at a time, results, and a slip'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;find'= {
            cand --near 'Where the person is: a place name or alias, a postcode, or LAT,LON'
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339'
            cand --radius 'Leave out located services farther than this (5, 5km, 3mi)'
            cand --age 'The person''s age'
            cand --gender 'The person''s gender (women, men, nonbinary, …)'
            cand --lang 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words'
            cand --payment 'How the person pays (free, medicaid, self-pay, …)'
            cand --require 'Only services that state this attribute (walk-in, pets-allowed, …)'
            cand --limit 'How many results (or cards) at most'
            cand --format 'Output format'
            cand --slip 'After the table, print a referral slip for the first N results'
            cand --for 'The person''s name: printed on the slip, never stored'
            cand --pathway 'The deflection pathway (default: the config''s `station.pathway`)'
            cand --width 'Columns of a text slip, 32 to 120 (default: the config''s, else 42)'
            cand --printer 'The printer queue (default: the config''s `slip.printer`, else the system''s default); implies --print'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --open-only 'Leave out services that are not open at that time'
            cand --record 'Write a gap record when nothing is open for the needs, even when not run on a terminal (where records are on)'
            cand --ascii 'Plain ASCII, for printers without Unicode'
            cand --discreet 'Only names, addresses, phones, hours, the code and the crisis lines'
            cand --print 'Send the slip to the printer with `lp` instead of standard output'
            cand --warm-handoff 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;show'= {
            cand --near 'Where the person is: a place name or alias, a postcode, or LAT,LON'
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339'
            cand --format 'Output format'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;hours'= {
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM, or RFC 3339'
            cand --timezone 'IANA timezone (default: the directory''s, else UTC)'
            cand --country 'ISO country code for public holidays (default: the directory''s)'
            cand --format 'Output format'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;validate'= {
            cand --format 'Output format'
            cand --as-of 'The day to judge ages against (default: today in the directory''s timezone)'
            cand --max-age 'How many days a `verified` date stays fresh'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --deny-warnings 'Fail on warnings too'
            cand --fix 'Rewrite hours written in a tolerated form to their canonical form, in place'
            cand --dry-run 'With --fix: show the changes as a diff and write nothing'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;init'= {
            cand --timezone 'IANA timezone every opening hour is read in (default: this machine''s)'
            cand --country 'ISO country code, for public holidays'
            cand --name 'The directory''s name'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;categories'= {
            cand --format 'Output format'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;places'= {
            cand --format 'Output format'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;completions'= {
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'deflect;slip'= {
            cand --near 'Where the person is: a place name or alias, a postcode, or LAT,LON'
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339'
            cand --for 'The person''s name: printed on the slip, never stored'
            cand --pathway 'The deflection pathway (default: the config''s `station.pathway`)'
            cand --width 'Columns of a text slip, 32 to 120 (default: the config''s, else 42)'
            cand --printer 'The printer queue (default: the config''s `slip.printer`, else the system''s default); implies --print'
            cand --lang 'The language of the slip''s own words: en, es (default: the config''s `slip.lang`; others fall back to English)'
            cand --format 'Output format'
            cand --paper 'The paper of an HTML slip'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --ascii 'Plain ASCII, for printers without Unicode'
            cand --discreet 'Only names, addresses, phones, hours, the code and the crisis lines'
            cand --print 'Send the slip to the printer with `lp` instead of standard output'
            cand --warm-handoff 'The officer is calling the service for the person (a warm handoff), for the referral record where records are on'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;cards'= {
            cand --near 'Where the person is: a place name or alias, a postcode, or LAT,LON'
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339'
            cand --radius 'Leave out located services farther than this (5, 5km, 3mi)'
            cand --age 'The person''s age'
            cand --gender 'The person''s gender (women, men, nonbinary, …)'
            cand --lang 'A language the person speaks (ISO 639-1: en, es, ar, …); slips and cards are in it where deflect has their words'
            cand --payment 'How the person pays (free, medicaid, self-pay, …)'
            cand --require 'Only services that state this attribute (walk-in, pets-allowed, …)'
            cand --limit 'How many results (or cards) at most'
            cand --paper 'The paper to print on'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --open-only 'Leave out services that are not open at that time'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;import'= {
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help'
            cand --help 'Print help'
            cand hsds 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;import;hsds'= {
            cand --out 'The deflect directory to write (created, or replaced in part)'
            cand --timezone 'IANA timezone of a new directory (required unless DIR has a directory.toml)'
            cand --country 'ISO country code of a new directory, for public holidays'
            cand --name 'Name of a new directory'
            cand --map 'A TOML file mapping HSDS term codes or names to category ids (docs/CLI.md)'
            cand --as-of 'The day schedule validity is judged against (default: today in the directory''s timezone)'
            cand --format 'Output format of the report'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --force 'Write into a folder that is not a deflect directory'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;import;help'= {
            cand hsds 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;import;help;hsds'= {
        }
        &'deflect;import;help;help'= {
        }
        &'deflect;export'= {
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help'
            cand --help 'Print help'
            cand hsds 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;export;hsds'= {
            cand --out 'The folder to write services.json into'
            cand --format 'Output format of the report'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;export;help'= {
            cand hsds 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;export;help;hsds'= {
        }
        &'deflect;export;help;help'= {
        }
        &'deflect;report'= {
            cand --since 'The first day counted, YYYY-MM-DD in the directory''s timezone'
            cand --until 'The last day counted (inclusive), YYYY-MM-DD'
            cand --records 'A records file to read; repeat to merge several stations'' files (default: the config''s)'
            cand --suppress-below 'Show every count below N as <N, for reports that leave the programme'
            cand --timezone 'IANA timezone of days and hours (default: the directory''s)'
            cand --format 'Output format'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;records'= {
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help'
            cand --help 'Print help'
            cand engaged 'Mark the referral with this code engaged: the person arrived'
            cand purge 'Remove records older than a number of days (rewrites the file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;records;engaged'= {
            cand --records 'A records file to look in; repeat for several (default: the config''s)'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;records;purge'= {
            cand --older-than 'Remove records from before this many days before --as-of'
            cand --as-of 'The day to count back from (default: today in the directory''s timezone)'
            cand --records 'A records file to purge; repeat for several (default: the config''s)'
            cand --timezone 'IANA timezone of days (default: the directory''s)'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'deflect;records;help'= {
            cand engaged 'Mark the referral with this code engaged: the person arrived'
            cand purge 'Remove records older than a number of days (rewrites the file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;records;help;engaged'= {
        }
        &'deflect;records;help;purge'= {
        }
        &'deflect;records;help;help'= {
        }
        &'deflect;desk'= {
            cand --near 'Where the person is: a place name or alias, a postcode, or LAT,LON'
            cand --at 'When: `now`, YYYY-MM-DDTHH:MM in the directory''s timezone, or RFC 3339'
            cand --dir 'The directory: a folder of TOML files or one .toml file'
            cand --plain 'Numbered prompts without cursor movement (the default with TERM=dumb or without a terminal)'
            cand --demo 'Use the fictional demo directory built into deflect'
            cand --no-cache 'Read the TOML files even where a cache of them exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'deflect;help'= {
            cand find 'Services that meet the needs, near a place, open at a time'
            cand show 'One service whole, with its hours for the next 7 days'
            cand hours 'What an opening-hours expression means, day by day'
            cand validate 'Check a directory, for nightly scripts'
            cand init 'Start a new directory: a small commented example that validates'
            cand categories 'The taxonomy of needs, with the words officers may type'
            cand places 'The gazetteer: stations, landmarks, neighbourhoods, postcodes'
            cand completions 'Print the completion script for a shell'
            cand slip 'A referral slip for one or more services, for the person to keep'
            cand cards 'A printable HTML sheet of wallet cards, one per service found'
            cand import 'Import a directory from another format (Open Referral HSDS)'
            cand export 'Export the directory to another format (Open Referral HSDS)'
            cand report 'Programme figures from the referral records, which identify no one'
            cand records 'Referral records: mark one engaged, or purge old ones'
            cand desk 'The guided desk: questions one at a time, results, and a slip'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'deflect;help;find'= {
        }
        &'deflect;help;show'= {
        }
        &'deflect;help;hours'= {
        }
        &'deflect;help;validate'= {
        }
        &'deflect;help;init'= {
        }
        &'deflect;help;categories'= {
        }
        &'deflect;help;places'= {
        }
        &'deflect;help;completions'= {
        }
        &'deflect;help;slip'= {
        }
        &'deflect;help;cards'= {
        }
        &'deflect;help;import'= {
            cand hsds 'Open Referral HSDS 3.0: JSON, NDJSON or a tabular data package folder'
        }
        &'deflect;help;import;hsds'= {
        }
        &'deflect;help;export'= {
            cand hsds 'Open Referral HSDS 3.0 JSON: DIR/services.json, one service_full object per service'
        }
        &'deflect;help;export;hsds'= {
        }
        &'deflect;help;report'= {
        }
        &'deflect;help;records'= {
            cand engaged 'Mark the referral with this code engaged: the person arrived'
            cand purge 'Remove records older than a number of days (rewrites the file)'
        }
        &'deflect;help;records;engaged'= {
        }
        &'deflect;help;records;purge'= {
        }
        &'deflect;help;desk'= {
        }
        &'deflect;help;help'= {
        }
    ]
    $completions[$command]
}
