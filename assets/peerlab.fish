# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_peerlab_global_optspecs
    string join \n content= data-dir= no-history no-mouse h/help V/version
end

function __fish_peerlab_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_peerlab_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_peerlab_using_subcommand
    set -l cmd (__fish_peerlab_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c peerlab -n "__fish_peerlab_needs_command" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_needs_command" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_needs_command" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_needs_command" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peerlab -n "__fish_peerlab_needs_command" -s V -l version -d 'Print version'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "check" -d 'Validate topology and question files (and folders of them); print every problem as file:line:column and prove every network question with the evaluator'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "generate" -d 'Generate seeded questions, each proven by the evaluator, as a bank folder or JSON'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "practice" -d 'Practise one question at a time with feedback (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "exam" -d 'A timed practice exam, AZ-104 style (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "drill" -d 'A classroom drill: everyone with the same seed gets the same questions; the results go to a JSON file to hand in'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "resume" -d 'Continue the last exam that was interrupted (closed or killed), with the answers already given and the time that was left; or close interrupted sessions'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "review" -d 'Review: the questions due for another look (spaced repetition), then new ones (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "stats" -d 'Your progress: answers, accuracy per topic with a trend, streak, what is due, past exam scores and a readiness estimate'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "export" -d 'Print the whole history (every answer, with its session) as CSV or JSON'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "report" -d 'Summarise drill results of a class: score per student, right answers per question and topic'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "lab" -d 'Hands-on labs: type Azure CLI commands against a simulated subscription, graded by the evaluator. Without NAME, list the labs; with --script, run a file of commands and print each goal (exit 0 when every goal holds, 1 when one does not)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "questions" -d 'List the question bank, one line per question'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "trace" -d 'Trace a packet and its reply through a topology, and explain the verdict'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "next-hop" -d 'Network Watcher\'s next hop: the route a VM\'s NIC uses towards an address'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "ip-flow-verify" -d 'Network Watcher\'s IP flow verify: which NSG rule allows or denies a packet at a VM\'s NIC'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "diagram" -d 'Draw a topology as a text diagram, optionally with a traced flow marked on it'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "exhibit" -d 'Print a topology\'s exhibit: the diagram and the tables an exam item shows (peerings, route tables, NSG rules, gateways and sites, firewalls, VMs, DNS zones, Bastion hosts, private endpoints, PaaS networking, service endpoints, point-to-site, role assignments)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "import" -d 'Import a network from Azure\'s own JSON (`az network ... list`, `az graph query`, an ARM template\'s resources) as a topology file'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "matrix" -d 'All-pairs reachability: every VM and on-premises host traced to every other, as a grid (row = source) with a summary by reason, or every ordered pair as JSON or CSV'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "explore" -d 'Explore a topology in a sandbox (opens the trainer\'s Explore screen): pick a source and a destination to see the trace and its path on the diagram, toggle peering flags or turn user-defined routes off and watch the matrix change; `w` saves the changed network to a new file'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "completions" -d 'Shell completions (bash, zsh, fish, PowerShell) or the man page, generated from these commands: printed, or all written to a folder (`--dir assets` refreshes the shipped ones)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "routes" -d 'Print the effective routes of a VM\'s NIC (or a firewall\'s subnet)'
complete -c peerlab -n "__fish_peerlab_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -l explain -d 'Also print the proven answer of each network question (a configure solution, the correct fix choices, the reachability key)'
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand check" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l seed -d 'The seed: the same seed gives the same questions on every machine' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l count -d 'How many questions (a yes-no series counts as its statements), 1 to 10000' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l out -d 'Write DIR/questions.toml and DIR/topologies/*.toml (a folder `check` proves and `--content` loads)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l topic -d 'Only this topic' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l kind -d 'Only this kind' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l difficulty -d 'Only this difficulty (1 to 3)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l template -d 'Only this template (reachability, why, fix, configure, next-hop, peering-state, creation, which-vms, yes-no, path-order, flow-verify; and, only when named, beyond: Bastion, private endpoints, service endpoints, P2S)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l json -d 'Print the questions as JSON instead'
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand generate" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l topic -d 'Only this topic' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l source -d 'Where questions come from' -r -f -a "bank\t''
generated\t''
mixed\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l days -d 'With --missed: how many days back to look, 1 to 3650' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l missed -d 'Only the questions whose latest answer was wrong (generated ones come back as fresh questions of the same kind and difficulty)'
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand practice" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l questions -d 'How many questions, 1 to 1000' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l minutes -d 'The time limit, 1 to 600 minutes' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l seed -d 'The same seed gives the same exam' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand exam" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l seed -r
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l questions -d 'How many questions, 1 to 1000' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l minutes -d 'The time limit, 1 to 600 minutes' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l name -d 'Your name, as it appears in the class report' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l out -d 'Where to write the results (default: peerlab-drill-SEED-NAME.json)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand drill" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -l close -d 'Close every interrupted session instead (their answers stay in the history)'
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand resume" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand review" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand review" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand review" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand review" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand review" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l retention -d 'The recall probability reviews aim for, 0.7 to 0.99 (default 0.9): higher means more reviews, sooner. Kept for later sessions' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l json -d 'Print JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l optimize -d 'Fit your own spaced-repetition parameters to your answers (FSRS\'s optimizer, as Anki offers; needs 64 reviews), keep them, and reschedule every item with them'
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand stats" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l format -r -f -a "csv\t''
json\t''
xapi\t'xAPI 1.0.3 statements, a JSON array a Learning Record Store takes'"
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l actor -d 'With --format xapi: the learner\'s name, as their account on the school\'s platform' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l xapi-base -d 'With --format xapi: the school\'s address; activity ids and the account\'s homePage start with it' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l html -d 'Also write the report as one self-contained web page' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l xapi -d 'Also write the counted results as xAPI statements (a JSON array) for a Learning Record Store' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l xapi-base -d 'With --xapi: the school\'s address; activity ids and the accounts\' homePage start with it' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l csv -d 'Print CSV instead'
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand report" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l script -d 'Run the commands of this file (one per line, `\\` continues a line, `#` comments)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l generate -d 'A generated lab: a network with one to three faults drawn from SEED, to repair' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand lab" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l topic -d 'Only this topic' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l kind -d 'Only this kind' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l json -d 'Print JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l full -d 'With --json: the whole item (choices, key, rationales, source, its exhibit...)'
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand questions" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l from -d 'A VM, firewall, on-premises host, bastion or point-to-site client of the file' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l to -d 'A machine name, an IPv4 address, a PaaS resource, or a DNS name (resolved as the source would)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l port -d 'Destination port' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l protocol -r -f -a "tcp\t''
udp\t''
icmp\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l as -d 'Act as this [[user]] of the file: Bastion checks its roles (RULES.md §11)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l json -d 'Print one JSON object (FORMAT.md §2)'
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand trace" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l vm -d 'The VM or firewall' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l to -d 'The destination IPv4 address' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l json -d 'Print JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand next-hop" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l vm -d 'The VM whose NIC is checked' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l direction -r -f -a "inbound\t''
outbound\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l remote -d 'The other end\'s IPv4 address' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l port -d 'The destination port (the VM\'s port when inbound, the remote port when outbound)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l protocol -r -f -a "tcp\t''
udp\t''
icmp\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l json -d 'Print JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand ip-flow-verify" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l width -d 'The widest a line may be, 40 to 1000 columns' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l from -d 'Mark the path of a flow from this machine (with --to)' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l to -d '... to this machine, address or DNS name' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l port -r
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l protocol -r -f -a "tcp\t''
udp\t''
icmp\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l unicode -d 'Box-drawing characters instead of plain ASCII'
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l detail -d 'Show subnets, VMs, route tables and NSGs inside each VNet'
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand diagram" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l table -d 'Only this table (repeatable): vnets, peerings, routes, routes:TABLE, nsgs, nsg:NAME (either with +defaults), gateways, firewalls, firewall:NAME, vms, dns, dns:ZONE, bastions, private-endpoints, paas, paas:NAME, service-endpoints, p2s, roles. Default: every table the topology has' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l width -d 'The widest a line may be, 40 to 1000 columns' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l json -d 'Print JSON: { "diagram": [lines], "tables": [{ title, selector, columns, rows }] }'
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand exhibit" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -l out -d 'Write the topology here (default: standard output)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand import" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l port -d 'Destination port' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l protocol -r -f -a "tcp\t''
udp\t''
icmp\t''"
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l json -d 'Print JSON: { "port", "protocol", "endpoints", "pairs": [{ from, to, verdict, reason }] }'
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l csv -d 'Print CSV: from,to,verdict,reason (one row per ordered pair)'
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand matrix" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand explore" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand explore" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand explore" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand explore" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand explore" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -l dir -d 'Write every one to this folder instead (peerlab.bash, _peerlab, peerlab.fish, _peerlab.ps1, peerlab.1)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l vm -d 'The VM or firewall' -r
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l content -d 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l data-dir -d 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform\'s data folder (also PEERLAB_DATA_DIR)' -r -F
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l json -d 'Print JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l no-history -d 'Neither read nor write the history (the trainer still works; review and progress are off)'
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -l no-mouse -d 'Do not capture the mouse in the trainer (the terminal\'s own selection and scrolling then work as usual)'
complete -c peerlab -n "__fish_peerlab_using_subcommand routes" -s h -l help -d 'Print help'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "check" -d 'Validate topology and question files (and folders of them); print every problem as file:line:column and prove every network question with the evaluator'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "generate" -d 'Generate seeded questions, each proven by the evaluator, as a bank folder or JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "practice" -d 'Practise one question at a time with feedback (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "exam" -d 'A timed practice exam, AZ-104 style (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "drill" -d 'A classroom drill: everyone with the same seed gets the same questions; the results go to a JSON file to hand in'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "resume" -d 'Continue the last exam that was interrupted (closed or killed), with the answers already given and the time that was left; or close interrupted sessions'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "review" -d 'Review: the questions due for another look (spaced repetition), then new ones (opens the trainer)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "stats" -d 'Your progress: answers, accuracy per topic with a trend, streak, what is due, past exam scores and a readiness estimate'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "export" -d 'Print the whole history (every answer, with its session) as CSV or JSON'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "report" -d 'Summarise drill results of a class: score per student, right answers per question and topic'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "lab" -d 'Hands-on labs: type Azure CLI commands against a simulated subscription, graded by the evaluator. Without NAME, list the labs; with --script, run a file of commands and print each goal (exit 0 when every goal holds, 1 when one does not)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "questions" -d 'List the question bank, one line per question'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "trace" -d 'Trace a packet and its reply through a topology, and explain the verdict'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "next-hop" -d 'Network Watcher\'s next hop: the route a VM\'s NIC uses towards an address'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "ip-flow-verify" -d 'Network Watcher\'s IP flow verify: which NSG rule allows or denies a packet at a VM\'s NIC'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "diagram" -d 'Draw a topology as a text diagram, optionally with a traced flow marked on it'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "exhibit" -d 'Print a topology\'s exhibit: the diagram and the tables an exam item shows (peerings, route tables, NSG rules, gateways and sites, firewalls, VMs, DNS zones, Bastion hosts, private endpoints, PaaS networking, service endpoints, point-to-site, role assignments)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "import" -d 'Import a network from Azure\'s own JSON (`az network ... list`, `az graph query`, an ARM template\'s resources) as a topology file'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "matrix" -d 'All-pairs reachability: every VM and on-premises host traced to every other, as a grid (row = source) with a summary by reason, or every ordered pair as JSON or CSV'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "explore" -d 'Explore a topology in a sandbox (opens the trainer\'s Explore screen): pick a source and a destination to see the trace and its path on the diagram, toggle peering flags or turn user-defined routes off and watch the matrix change; `w` saves the changed network to a new file'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "completions" -d 'Shell completions (bash, zsh, fish, PowerShell) or the man page, generated from these commands: printed, or all written to a folder (`--dir assets` refreshes the shipped ones)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "routes" -d 'Print the effective routes of a VM\'s NIC (or a firewall\'s subnet)'
complete -c peerlab -n "__fish_peerlab_using_subcommand help; and not __fish_seen_subcommand_from check generate practice exam drill resume review stats export report lab questions trace next-hop ip-flow-verify diagram exhibit import matrix explore completions routes help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
