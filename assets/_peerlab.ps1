
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'peerlab' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'peerlab'
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
        'peerlab' {
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate topology and question files (and folders of them); print every problem as file:line:column and prove every network question with the evaluator')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate seeded questions, each proven by the evaluator, as a bank folder or JSON')
            [CompletionResult]::new('practice', 'practice', [CompletionResultType]::ParameterValue, 'Practise one question at a time with feedback (opens the trainer)')
            [CompletionResult]::new('exam', 'exam', [CompletionResultType]::ParameterValue, 'A timed practice exam, AZ-104 style (opens the trainer)')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'A classroom drill: everyone with the same seed gets the same questions; the results go to a JSON file to hand in')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue the last exam that was interrupted (closed or killed), with the answers already given and the time that was left; or close interrupted sessions')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review: the questions due for another look (spaced repetition), then new ones (opens the trainer)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Your progress: answers, accuracy per topic with a trend, streak, what is due, past exam scores and a readiness estimate')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the whole history (every answer, with its session) as CSV or JSON')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Summarise drill results of a class: score per student, right answers per question and topic')
            [CompletionResult]::new('lab', 'lab', [CompletionResultType]::ParameterValue, 'Hands-on labs: type Azure CLI commands against a simulated subscription, graded by the evaluator. Without NAME, list the labs; with --script, run a file of commands and print each goal (exit 0 when every goal holds, 1 when one does not)')
            [CompletionResult]::new('questions', 'questions', [CompletionResultType]::ParameterValue, 'List the question bank, one line per question')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Trace a packet and its reply through a topology, and explain the verdict')
            [CompletionResult]::new('next-hop', 'next-hop', [CompletionResultType]::ParameterValue, 'Network Watcher''s next hop: the route a VM''s NIC uses towards an address')
            [CompletionResult]::new('ip-flow-verify', 'ip-flow-verify', [CompletionResultType]::ParameterValue, 'Network Watcher''s IP flow verify: which NSG rule allows or denies a packet at a VM''s NIC')
            [CompletionResult]::new('diagram', 'diagram', [CompletionResultType]::ParameterValue, 'Draw a topology as a text diagram, optionally with a traced flow marked on it')
            [CompletionResult]::new('exhibit', 'exhibit', [CompletionResultType]::ParameterValue, 'Print a topology''s exhibit: the diagram and the tables an exam item shows (peerings, route tables, NSG rules, gateways and sites, firewalls, VMs, DNS zones, Bastion hosts, private endpoints, PaaS networking, service endpoints, point-to-site, role assignments)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a network from Azure''s own JSON (`az network ... list`, `az graph query`, an ARM template''s resources) as a topology file')
            [CompletionResult]::new('matrix', 'matrix', [CompletionResultType]::ParameterValue, 'All-pairs reachability: every VM and on-premises host traced to every other, as a grid (row = source) with a summary by reason, or every ordered pair as JSON or CSV')
            [CompletionResult]::new('explore', 'explore', [CompletionResultType]::ParameterValue, 'Explore a topology in a sandbox (opens the trainer''s Explore screen): pick a source and a destination to see the trace and its path on the diagram, toggle peering flags or turn user-defined routes off and watch the matrix change; `w` saves the changed network to a new file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Shell completions (bash, zsh, fish, PowerShell) or the man page, generated from these commands: printed, or all written to a folder (`--dir assets` refreshes the shipped ones)')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Print the effective routes of a VM''s NIC (or a firewall''s subnet)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peerlab;check' {
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also print the proven answer of each network question (a configure solution, the correct fix choices, the reachability key)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;generate' {
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed: the same seed gives the same questions on every machine')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many questions (a yes-no series counts as its statements), 1 to 10000')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write DIR/questions.toml and DIR/topologies/*.toml (a folder `check` proves and `--content` loads)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only this topic')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only this kind')
            [CompletionResult]::new('--difficulty', '--difficulty', [CompletionResultType]::ParameterName, 'Only this difficulty (1 to 3)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Only this template (reachability, why, fix, configure, next-hop, peering-state, creation, which-vms, yes-no, path-order, flow-verify; and, only when named, beyond: Bastion, private endpoints, service endpoints, P2S)')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the questions as JSON instead')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;practice' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only this topic')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where questions come from')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'With --missed: how many days back to look, 1 to 3650')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--missed', '--missed', [CompletionResultType]::ParameterName, 'Only the questions whose latest answer was wrong (generated ones come back as fresh questions of the same kind and difficulty)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;exam' {
            [CompletionResult]::new('--questions', '--questions', [CompletionResultType]::ParameterName, 'How many questions, 1 to 1000')
            [CompletionResult]::new('--minutes', '--minutes', [CompletionResultType]::ParameterName, 'The time limit, 1 to 600 minutes')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The same seed gives the same exam')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;drill' {
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'seed')
            [CompletionResult]::new('--questions', '--questions', [CompletionResultType]::ParameterName, 'How many questions, 1 to 1000')
            [CompletionResult]::new('--minutes', '--minutes', [CompletionResultType]::ParameterName, 'The time limit, 1 to 600 minutes')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your name, as it appears in the class report')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the results (default: peerlab-drill-SEED-NAME.json)')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;resume' {
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--close', '--close', [CompletionResultType]::ParameterName, 'Close every interrupted session instead (their answers stay in the history)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;review' {
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;stats' {
            [CompletionResult]::new('--retention', '--retention', [CompletionResultType]::ParameterName, 'The recall probability reviews aim for, 0.7 to 0.99 (default 0.9): higher means more reviews, sooner. Kept for later sessions')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--optimize', '--optimize', [CompletionResultType]::ParameterName, 'Fit your own spaced-repetition parameters to your answers (FSRS''s optimizer, as Anki offers; needs 64 reviews), keep them, and reschedule every item with them')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'With --format xapi: the learner''s name, as their account on the school''s platform')
            [CompletionResult]::new('--xapi-base', '--xapi-base', [CompletionResultType]::ParameterName, 'With --format xapi: the school''s address; activity ids and the account''s homePage start with it')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'peerlab;report' {
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Also write the report as one self-contained web page')
            [CompletionResult]::new('--xapi', '--xapi', [CompletionResultType]::ParameterName, 'Also write the counted results as xAPI statements (a JSON array) for a Learning Record Store')
            [CompletionResult]::new('--xapi-base', '--xapi-base', [CompletionResultType]::ParameterName, 'With --xapi: the school''s address; activity ids and the accounts'' homePage start with it')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV instead')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;lab' {
            [CompletionResult]::new('--script', '--script', [CompletionResultType]::ParameterName, 'Run the commands of this file (one per line, `\` continues a line, `#` comments)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'A generated lab: a network with one to three faults drawn from SEED, to repair')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;questions' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only this topic')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only this kind')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'With --json: the whole item (choices, key, rationales, source, its exhibit...)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;trace' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'A VM, firewall, on-premises host, bastion or point-to-site client of the file')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'A machine name, an IPv4 address, a PaaS resource, or a DNS name (resolved as the source would)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Destination port')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'protocol')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this [[user]] of the file: Bastion checks its roles (RULES.md §11)')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object (FORMAT.md §2)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;next-hop' {
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'The VM or firewall')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The destination IPv4 address')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;ip-flow-verify' {
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'The VM whose NIC is checked')
            [CompletionResult]::new('--direction', '--direction', [CompletionResultType]::ParameterName, 'direction')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The other end''s IPv4 address')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The destination port (the VM''s port when inbound, the remote port when outbound)')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'protocol')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;diagram' {
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The widest a line may be, 40 to 1000 columns')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Mark the path of a flow from this machine (with --to)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, '... to this machine, address or DNS name')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'port')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'protocol')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--unicode', '--unicode', [CompletionResultType]::ParameterName, 'Box-drawing characters instead of plain ASCII')
            [CompletionResult]::new('--detail', '--detail', [CompletionResultType]::ParameterName, 'Show subnets, VMs, route tables and NSGs inside each VNet')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;exhibit' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Only this table (repeatable): vnets, peerings, routes, routes:TABLE, nsgs, nsg:NAME (either with +defaults), gateways, firewalls, firewall:NAME, vms, dns, dns:ZONE, bastions, private-endpoints, paas, paas:NAME, service-endpoints, p2s, roles. Default: every table the topology has')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The widest a line may be, 40 to 1000 columns')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: { "diagram": [lines], "tables": [{ title, selector, columns, rows }] }')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;import' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the topology here (default: standard output)')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;matrix' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Destination port')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'protocol')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: { "port", "protocol", "endpoints", "pairs": [{ from, to, verdict, reason }] }')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV: from,to,verdict,reason (one row per ordered pair)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;explore' {
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every one to this folder instead (peerlab.bash, _peerlab, peerlab.fish, _peerlab.ps1, peerlab.1)')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'peerlab;routes' {
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'The VM or firewall')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of the built-in one')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep the history (answers, schedule, exam scores) in this folder instead of the platform''s data folder (also PEERLAB_DATA_DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history (the trainer still works; review and progress are off)')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Do not capture the mouse in the trainer (the terminal''s own selection and scrolling then work as usual)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'peerlab;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate topology and question files (and folders of them); print every problem as file:line:column and prove every network question with the evaluator')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate seeded questions, each proven by the evaluator, as a bank folder or JSON')
            [CompletionResult]::new('practice', 'practice', [CompletionResultType]::ParameterValue, 'Practise one question at a time with feedback (opens the trainer)')
            [CompletionResult]::new('exam', 'exam', [CompletionResultType]::ParameterValue, 'A timed practice exam, AZ-104 style (opens the trainer)')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'A classroom drill: everyone with the same seed gets the same questions; the results go to a JSON file to hand in')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue the last exam that was interrupted (closed or killed), with the answers already given and the time that was left; or close interrupted sessions')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review: the questions due for another look (spaced repetition), then new ones (opens the trainer)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Your progress: answers, accuracy per topic with a trend, streak, what is due, past exam scores and a readiness estimate')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the whole history (every answer, with its session) as CSV or JSON')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Summarise drill results of a class: score per student, right answers per question and topic')
            [CompletionResult]::new('lab', 'lab', [CompletionResultType]::ParameterValue, 'Hands-on labs: type Azure CLI commands against a simulated subscription, graded by the evaluator. Without NAME, list the labs; with --script, run a file of commands and print each goal (exit 0 when every goal holds, 1 when one does not)')
            [CompletionResult]::new('questions', 'questions', [CompletionResultType]::ParameterValue, 'List the question bank, one line per question')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Trace a packet and its reply through a topology, and explain the verdict')
            [CompletionResult]::new('next-hop', 'next-hop', [CompletionResultType]::ParameterValue, 'Network Watcher''s next hop: the route a VM''s NIC uses towards an address')
            [CompletionResult]::new('ip-flow-verify', 'ip-flow-verify', [CompletionResultType]::ParameterValue, 'Network Watcher''s IP flow verify: which NSG rule allows or denies a packet at a VM''s NIC')
            [CompletionResult]::new('diagram', 'diagram', [CompletionResultType]::ParameterValue, 'Draw a topology as a text diagram, optionally with a traced flow marked on it')
            [CompletionResult]::new('exhibit', 'exhibit', [CompletionResultType]::ParameterValue, 'Print a topology''s exhibit: the diagram and the tables an exam item shows (peerings, route tables, NSG rules, gateways and sites, firewalls, VMs, DNS zones, Bastion hosts, private endpoints, PaaS networking, service endpoints, point-to-site, role assignments)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a network from Azure''s own JSON (`az network ... list`, `az graph query`, an ARM template''s resources) as a topology file')
            [CompletionResult]::new('matrix', 'matrix', [CompletionResultType]::ParameterValue, 'All-pairs reachability: every VM and on-premises host traced to every other, as a grid (row = source) with a summary by reason, or every ordered pair as JSON or CSV')
            [CompletionResult]::new('explore', 'explore', [CompletionResultType]::ParameterValue, 'Explore a topology in a sandbox (opens the trainer''s Explore screen): pick a source and a destination to see the trace and its path on the diagram, toggle peering flags or turn user-defined routes off and watch the matrix change; `w` saves the changed network to a new file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Shell completions (bash, zsh, fish, PowerShell) or the man page, generated from these commands: printed, or all written to a folder (`--dir assets` refreshes the shipped ones)')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Print the effective routes of a VM''s NIC (or a firewall''s subnet)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'peerlab;help;check' {
            break
        }
        'peerlab;help;generate' {
            break
        }
        'peerlab;help;practice' {
            break
        }
        'peerlab;help;exam' {
            break
        }
        'peerlab;help;drill' {
            break
        }
        'peerlab;help;resume' {
            break
        }
        'peerlab;help;review' {
            break
        }
        'peerlab;help;stats' {
            break
        }
        'peerlab;help;export' {
            break
        }
        'peerlab;help;report' {
            break
        }
        'peerlab;help;lab' {
            break
        }
        'peerlab;help;questions' {
            break
        }
        'peerlab;help;trace' {
            break
        }
        'peerlab;help;next-hop' {
            break
        }
        'peerlab;help;ip-flow-verify' {
            break
        }
        'peerlab;help;diagram' {
            break
        }
        'peerlab;help;exhibit' {
            break
        }
        'peerlab;help;import' {
            break
        }
        'peerlab;help;matrix' {
            break
        }
        'peerlab;help;explore' {
            break
        }
        'peerlab;help;completions' {
            break
        }
        'peerlab;help;routes' {
            break
        }
        'peerlab;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
