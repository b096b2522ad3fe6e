# The organizer console and the printed table cards. Terms shared with the attendee pages
# (field labels, attendee statuses) are in pages.ftl. Problem details of the API stay English.

## Shared by the console's pages
console-conferences-title = Your conferences
console-signed-in-as = Signed in as { $name } <{ $email }>
console-registration-open = registration open
console-registration-closed = registration closed
console-manage = Manage { $conference }
console-registration-page = Registration page
console-no-conference = You have no conference yet.
console-new-conference = New conference
console-sign-out = Sign out
console-back-to = Back to { $conference }
console-status = Status
console-save = Save changes
console-edit = Edit { $name }
console-queued = queued { $at }
console-table-min = Fewest people at a table
console-table-max = Most people at a table
console-this-form = This form
console-status-pending = pending confirmation
console-status-confirmed = confirmed
console-status-withdrawn = withdrawn

## Signing in
signin-title = Organizer sign-in
signin-heading = Sign in to organize
signin-how = We email you a link that signs you in. It works once, for { $minutes } minutes.
signin-label-email = Your organizer email address
signin-email-me = Email me a sign-in link
signin-token-heading = Or sign in with your API token
signin-label-token = API token
signin-hint-token = The tm_org_… token from tablemates organizer create.
signin-with-token = Sign in with the token
signin-button = Sign in
signin-link-press = Press the button to sign in on this device. The link then stops working.
signin-sent = If this address belongs to an organizer, a sign-in link is on its way.
signin-sent-open = Open it within { $minutes } minutes. Nothing arrived? Look in your spam folder, or ask again in a few minutes.
signin-back = Back to sign-in
signin-dead-link = That sign-in link was used already or has expired. Ask for a new one below.
signin-error-token = this is not a valid organizer token

## A conference
conf-times-in = times in { $zone }
conf-edit = Edit the conference
conf-registration = Registration
conf-registration-open-at = People can register at <a href="{ $path }">the registration page</a>.
conf-registration-closed-text = Nobody can register until you open it.
conf-close-registration = Close registration
conf-open-registration = Open registration
conf-attendees = Attendees
conf-count-confirmed = <strong>{ $count }</strong> confirmed
conf-count-pending = <strong>{ $count }</strong> pending confirmation
conf-count-withdrawn = <strong>{ $count }</strong> withdrawn
conf-all-attendees = All attendees
conf-import-csv = Import from a CSV file
conf-meetups = Meetups
conf-no-meetup = No meetup yet.
conf-new-series = New series of meetups
conf-jobs-link = Seating runs and automatic repairs
conf-emails-link = Emails and their delivery

## The conference form
conf-form-legend = The conference
conf-form-address = Address
conf-form-address-fixed = Address of the registration page: { $path } (it cannot change).
conf-form-address-hint = Part of the registration page's address, /c/your-address: lower-case letters, digits and dashes.
conf-form-zone = Time zone
conf-form-zone-hint = The IANA name, like Europe/Berlin or America/New_York. Meetup times are entered and shown in it.
conf-form-first-day = First day
conf-form-last-day = Last day
conf-form-venue = Venue
conf-form-description = Description
conf-form-description-hint = Shown on the registration page.
conf-form-interests = Suggested interests
conf-form-interests-hint = Offered as tick boxes on the registration form. Separate them with commas.
conf-form-language = Language of pages and emails
conf-form-language-hint = For attendees who chose none; their browser's language comes first on pages.
conf-form-tables-hint = The size new meetups' tables get unless you say otherwise.
conf-form-open-now = Open registration at once
conf-form-create = Create the conference

## The meetup form
mform-new-series = New series
mform-edit-intro = If it has a published plan, everyone seated is emailed when its time, name or place changes. Its tables cannot change then.
mform-series-intro = Several rounds of one meetup, for example a lunch on each day. Nobody meets the same person twice in a series when that can be avoided. All rounds are created together, or none.
mform-each-round = Each round
mform-the-meetup = The meetup
mform-name-hint-series = Rounds are named after it: Lunch, round 1; Lunch, round 2…
mform-series = Series
mform-series-hint-series = Rounds of a series share this label. Leave it empty to use the name.
mform-series-hint = Meetups with the same series label are seated so nobody meets twice. Optional.
mform-starts = Starts
mform-starts-first = Starts (first round)
mform-ends = Ends
mform-ends-first = Ends (first round)
mform-local-time = Local time, { $zone }.
mform-rounds = Rounds
mform-rounds-hint = 2 to { $max }.
mform-days-apart = Days between rounds
mform-days-apart-hint = Each round at the same local time.
mform-location = Location
mform-opt-in-only = Only people who sign up take part (otherwise everyone does unless they opt out)
mform-table-count = Number of tables
mform-table-count-hint = Changing the number or the sizes replaces the tables with that many equal ones (Table 1, Table 2…).
mform-create-series = Create the series
mform-create-meetup = Create the meetup

## A meetup
meetup-new = New meetup
meetup-tables = Tables
meetup-tables-seats = { $tables ->
    [one] { $tables } table
   *[other] { $tables } tables
}, up to { $seats } seats
meetup-seating = Seating:
meetup-cancelled-notice = <strong>This meetup was cancelled.</strong> It cannot be run, published or joined; attendees no longer see it.
meetup-edit-link = Edit this meetup
meetup-cancel-link = Cancel this meetup
meetup-refused = That did not work
meetup-before-run = Before you run the matcher
meetup-people-taking-part = People taking part
meetup-seats-filled = Seats a valid plan fills
meetup-seats-range = { $min } to { $max }
meetup-repeats-forced = Pairs forced to meet again
meetup-because-of = (because of { $what })
meetup-feasible = Everyone taking part can be seated.
meetup-infeasible = No valid plan exists yet:
meetup-without-table = Without a table: { $people }
meetup-draft = Draft
meetup-draft-version = Version { $version }. Publishing it emails everyone their table and tablemates.
meetup-publish = Publish
meetup-publish-series = Publish the whole series
meetup-series-text = This draft came from one run seating { $count } meetups. Publishing them together sends each person one email listing all their tables, with a calendar invitation per meetup.
meetup-series-draft-version = draft version { $version }
meetup-see-draft = See the draft's chart and tables
meetup-no-draft = No draft. Run the matcher to make one.
meetup-published = Published plan
meetup-published-badge = published
meetup-version = Version { $version }.
meetup-download = Download:
meetup-download-seats-csv = seats (CSV)
meetup-download-tables-csv = tables (CSV)
meetup-download-seats-json = seats (JSON)
meetup-download-cards = table cards to print
meetup-see-published = See the published plan's chart and tables
meetup-nothing-published = Nothing published yet.
meetup-state-none = no plan
meetup-state-published-draft = published, with a newer draft
meetup-state-draft = draft
meetup-state-published = published
meetup-state-cancelled = cancelled

## A plan's figures, chart and tables
plan-people-seated = People seated
plan-mutual-met = Mutual wishes to meet met
plan-of = { $met } of { $possible }
plan-repeats = Pairs meeting again
plan-alone = People alone at a table
plan-no-shared = People sharing no interest with their table
plan-pages-of-draft = Pages of the draft's tables
plan-pages-of-published = Pages of the published plan's tables
plan-previous-tables = Previous tables
plan-next-tables = Next tables
plan-tables-all = Tables { $first }–{ $last } of { $total }.
plan-tables-paged = Tables { $first }–{ $last } of { $total }, { $per_page } to a page.
plan-locked = locked
plan-shared-interests = Shared interests:
plan-no-shared-interest = No shared interest at this table.
plan-chart-caption = The seating chart: each circle a table, coloured by the interest it shares most (also named under it). A solid line joins two people who both wanted to meet; a dashed line and ↻ mark a pair meeting again; ⚠ marks someone alone. The lists below say the same in words. <a href="{ $href }">Open the chart on its own</a> to zoom or search it.

## Why a rule of the service does not fully hold (the plan's notes; the API's `message` says the same)
rule-forced-repeats-series = With { $tables } tables of at least { $smallest } for { $people } people, every seating repeats at least { $floor } pairs who sat together at meetup { $earlier } of the series ({ $earlier_tables } tables): a table can take at most one person from each of those tables without a repeat. Tables of at most { $earlier_tables } people would avoid it.
rule-forced-repeats-adjusted = With { $tables } tables of at least { $smallest } for { $people } people, every seating repeats at least { $floor } pairs who sat together at another meetup ({ $earlier_tables } tables): a table can take at most one person from each of those tables without a repeat. Tables of at most { $earlier_tables } people would avoid it.
rule-repeats-search = { $repeats } pairs sit together again: the search found no seating without repeats in its budget.
rule-repeats-search-forced = { $repeats } pairs sit together again where the tables force { $floor }: the search found no seating closer to that in its budget.
rule-repeats-adjusted = { $repeats } pairs sit together again after the changes to this plan; running the matcher again can seat them apart.
rule-repeats-adjusted-forced = { $repeats } pairs sit together again after the changes to this plan, where the tables force { $floor }; running the matcher again can come closer to that.
rule-missed-series = { $missed } pairs who both asked to meet never sit together in this series.
rule-missed-search = { $missed } of { $possible } pairs who both asked to meet do not sit together: their tables could not hold them with everyone they asked for.
rule-missed-adjusted = { $missed } of { $possible } pairs who both asked to meet do not sit together after the changes to this plan, nor at another meetup.
rule-alone = { $people } people sit alone: their table allows a single person.

## The feasibility preview's problems
preview-bounds-inverted = Table { $table } has a minimum of { $min } above its maximum of { $max }.
preview-too-few = { $people } people cannot fill the tables, which need at least { $seats }.
preview-too-few-locks = { $people } people cannot fill the tables, which need at least { $seats } with the locks (the tables' minimums add up to { $minimums }).
preview-too-many = { $people } people do not fit at the tables, which hold at most { $seats }.
preview-too-many-locks = { $people } people do not fit at the tables, which hold at most { $seats } with the locks (the tables' maximums add up to { $maximums }).
preview-locked-over = { $locked } people are locked to table { $table }, which seats at most { $max }.
preview-locked-under = Table { $table } is locked with { $locked } people but needs at least { $min }.
preview-blocked-together = Two people who must not sit together are both locked to table { $table }.
preview-no-table = { $name } has no table to go to: every open table with a free seat holds someone locked there whom they must not sit with.

## Running the matcher
run-settings = Settings (optional)
run-budget = Time budget in seconds
run-budget-hint = The matcher stops when it converges, and at the latest after this many seconds (30 when empty, at most 300).
run-seed = Seed
run-seed-hint = The same seed and the same attendees give the same plan; empty: a new seed from the clock.
run-locked = Locked seats
run-keep-locks = Keep them where they are
run-free-locks = Let the matcher move them
run-series = Seat the whole series “{ $series }” together, so people meet new tablemates at each of its meetups
run-button = Run the matcher
run-error-budget = Time budget: write a number of seconds, such as 30
run-error-locks = Locked seats: choose keep them or let the matcher move them
run-error-seed = Seed: write a whole number, 0 or more, or leave it empty
run-budget-label = Time budget:
run-seed-label = Seed:
run-series-label = Series:

## Adjusting a draft
adjust-saved = Your change is saved as version { $version }. The plan's score went from { $before } to { $after } ({ $change }): { $verdict ->
    [better] better
    [worse] worse
   *[unchanged] unchanged
}. A higher score means more shared interests and more wishes to meet met.
adjust-tables-changed = Tables changed:
adjust-table-change = { $table } from { $before } to { $after } ({ $change })
adjust-heading = Adjust the draft
adjust-how = Move or lock someone with the forms under each table.
adjust-how-drag = Move or lock someone with the forms under each table, or drag a name onto another table.
adjust-locked-meaning = A locked seat stays where it is when you run the matcher again with locked seats kept.
adjust-many-tables = At { $count } tables, the move forms take the number of the table to move to (the tables' numbers are in their names; your browser suggests them as you type).
adjust-swap-legend = Swap two people
adjust-swap = Swap
adjust-swap-with = with
adjust-swap-many = To swap two people at { $count } tables, move each to the other's table: a draft may break the table sizes for a moment, and publishing checks them. (Two menus of everyone would make this page several megabytes.)
adjust-move = Move
adjust-move-to = to
adjust-seat-of = Seat of
adjust-locked-suffix = (locked)
adjust-lock = Lock
adjust-error-person = choose a person
adjust-error-table = choose the table to move them to
adjust-error-same = choose two different people to swap
adjust-error-op = choose move, swap, lock or unlock
adjust-error-stale = the plan changed since you loaded it; this is the plan as it is now, so make your change again if it still applies
adjust-unlock = Unlock

## Cancelling a meetup
cancel-title = Cancel { $meetup }?
cancel-started = It has started, so nobody is emailed.
cancel-seated = Its published plan seats { $count ->
    [one] { $count } person
   *[other] { $count } people
}. Each of them is emailed that the meetup is cancelled, with a cancellation for their calendar, unless they unsubscribed. Reminders not sent yet are cancelled.
cancel-nobody-told = Nobody has been told where they sit yet, so nobody is emailed.
cancel-kept = The meetup is kept, marked cancelled. It cannot be run, published or joined again, and this cannot be undone.
cancel-yes = Yes, cancel the meetup
cancel-no = No, go back

## Seating runs
jobs-title = Seating runs and repairs
jobs-newest = The { $count } newest of { $total }, newest first.
jobs-none = Nothing has run yet: run the matcher from a meetup's page.
job-title = Seating run: { $status }
job-back = Back to the conference
job-heading = Seating run
job-status = This run has <span class="badge">{ $status }</span>
job-check-again = Check again
job-follows = (with JavaScript on, this page follows the run by itself).
job-progress = Progress
job-now = Now
job-step = (meetup { $step } of { $steps })
job-iterations = Iterations
job-best-score = Best score so far
job-none-yet = none yet
job-converged = Converged
job-converged-percent = { $percent }% of the way to the stop rule
job-elapsed = Time elapsed
job-left = Time left
job-left-value = at most { $left }: it stops when it converges, at the latest after { $budget }
job-budget = Time budget
job-budget-value = { $budget }; it stops sooner when it converges
job-draft-ready = The new draft is ready.
job-see-draft = See the draft
job-see-draft-n = See the draft ({ $n })
job-kind-plan = Seating run
job-status-queued = queued
job-status-running = running
job-status-succeeded = succeeded
job-status-failed = failed
job-phase-checking = checking that everyone can be seated
job-phase-constructing = building first seatings
job-phase-searching = improving the seating
job-phase-explaining = explaining each table
job-phase-done = done
job-kind-repair = Automatic repair

## Why a seating run or repair failed (the job's title; its details stay as the server wrote them)
job-failed-parameters = Invalid job parameters
job-failed-loading = Loading the inputs failed
job-failed-cancelled = A meetup of the run was cancelled
job-failed-unseatable = The meetups can no longer be seated
job-failed-matcher = The matcher stopped
job-failed-no-plan = No plan was made
job-failed-storing = Storing the plans failed
job-failed-repair = Automatic repair failed

## Attendees
people-import-link = Import attendees from a CSV file
people-search = Search
people-search-hint = Part of a name, an email address or an affiliation.
people-any-status = Any status
people-show-everyone = Show everyone
people-matching = Matching attendees
people-everyone = Everyone
people-showing = Showing { $first }–{ $last } of { $total }
people-affiliation-hidden = affiliation hidden by the attendee
people-pages = Pages
people-previous = Previous page
people-next = Next page
people-past-last = This page is past the last of the { $total } matching attendees.
people-first-page = Go to the first page
people-no-match = No attendee matches.
people-nobody = Nobody has registered yet.
people-the-address = The address

## One attendee
att-add-title = Add an attendee
att-of = Attendees of { $conference }
att-add-intro = For someone who registered elsewhere, a speaker or a guest. They are confirmed at once and get no email from us.
att-their-details = Their details
att-the-attendee = The attendee
att-name = Name
att-hint-email = Their personal link and reminders go here. A new address takes effect once it confirms, and the current one is told.
att-pending-email = Waiting for <strong>{ $pending }</strong> to confirm; until then everything goes to { $email }.
att-hint-role = For example: speaker, student, volunteer.
att-affiliation-hidden = <strong>Affiliation</strong>: hidden by the attendee. It stays as they set it.
att-handles = Handles
att-handles-theirs = Handles, and who may see each, are the attendee's to change, from their personal link.
att-handles-none = None shown to organizers.
att-handles-hint = A handle or a profile link per network, all optional.
att-wants = Wants to meet
att-wants-hint = People they hope to sit with, by their handle on a network.
att-consent-privacy = They agreed that we store these details to seat them.
att-consent-emails = They agreed to reminders and news by email.
att-consent-storing = Consent to storing
att-consent-to-emails = Consent to emails
att-error-consent-privacy = tick this once they agreed that we store their details to seat them
att-add-button = Add the attendee
att-added = The attendee is added and confirmed.
att-saved = Your changes are saved.

## Importing attendees
import-title = Import attendees
import-done = Imported
import-done-counts = { $created } added, { $updated } updated, { $unchanged } already up to date, { $skipped } invalid rows skipped.
import-see-attendees = See the attendees
import-nothing-imported = Nothing was imported
import-check-nothing-stored = Check: nothing is stored yet
import-refused = { $rejected } of { $rows } rows are invalid, so nothing was imported. Correct them and check the file again, or tick “Skip invalid rows” to import the others.
import-what-file = What the file is
import-source = This is { $source }.
import-columns-read = Columns read
import-column-of-file = Column of the file
import-read-as = Read as
import-field-name = Name
import-field-given_name = Given name
import-field-family_name = Family name
import-field-email = Email
import-field-order_email = Email of the order
import-field-affiliation = Affiliation
import-field-role = Role
import-field-bio = Bio
import-field-x = X (Twitter) handle
import-field-mastodon = Mastodon handle
import-field-bluesky = Bluesky handle
import-field-linkedin = LinkedIn profile
import-field-github = GitHub username
import-field-website = Website
import-field-interests = Interests
import-field-wants = People they want to meet
import-field-status = Order or registration status
import-field-privacy_consent = Consent to the privacy notice
import-field-email_consent = Consent to emails
import-privacy-from = Consent to take part comes from the column “{ $column }”: people who said yes there are confirmed at once; the others are invited.
import-privacy-none = The file carries no consent to take part: everyone new is invited by email and takes part only once they accept.
import-emails-from = Consent to reminders and other non-essential email comes from the column “{ $column }”.
import-emails-none = Nobody is signed up for non-essential email.
import-rows = Rows
import-new = New attendees
import-invited = Of them invited, waiting to accept
import-updates = Updates to attendees already here
import-up-to-date = Already up to date
import-invalid-rows = Invalid rows
import-cancelled-withdrawn = Cancelled: withdrawn
import-cancelled-nobody = Cancelled: nobody to withdraw
import-unpaid = Not paid or approved yet: left out until they are
import-unknown-columns = These columns are not read and are left out: { $columns }.
import-row = Row { $row }:
import-row-email = Row { $row } ({ $email }):
import-every-row = Every row
import-outcome-invited = new attendee, invited
import-outcome-confirmed = new attendee, confirmed
import-outcome-withdrawn = cancelled: withdraws the attendee with this email
import-outcome-skipped = cancelled: left out
import-outcome-unpaid = not paid or approved yet: left out
import-outcome-updated = updates the attendee with this email
import-outcome-unchanged = already up to date
import-outcome-invalid = invalid
import-skip-invalid = Skip invalid rows and import the others
import-for-real = Import for real
import-check-another = Check another file
import-upload-intro = Upload a file of attendees from another registration system: a pretix order data export (CSV or JSON), an Indico registrant export (CSV) or a CSV file of your own; the check tells which it is. It is checked first and nothing is stored until you confirm: you see what each row would do and every problem, by row and column.
import-file = CSV file
import-file-hint = UTF-8 text, up to { $limit }, separated by commas, semicolons or tabs, with a header line.
import-privacy-column = Column that asked for consent to take part (optional)
import-privacy-column-hint = The header (in pretix JSON, the question identifier) of a question that asked for agreement to be seated with others. Without it, nobody is taken to have agreed: everyone new is invited to accept.
import-emails-column = Column that asked for consent to reminders (optional)
import-paste = Or paste the rows
import-check = Check the file
import-columns = Columns
import-columns-intro = The header line names the columns, in any order and any case. Other columns are left out and listed in the check.
import-columns-rules = pretix and Indico files are read with their own column names. Cancelled orders and withdrawn registrations withdraw the attendee with that email. Everyone new gets an email with their personal link to complete their profile; those the file carries no consent for are invited and are neither seated nor shown to anyone until they accept. For someone already registered (the same email address), the columns the file has replace what is stored; an empty cell clears it. A row whose email or handle appears twice in the file, or whose handle belongs to another attendee, is invalid.
import-the-file = The file: { $message }
import-error-too-large = is larger than the { $size } KB this page takes; split it, or send it to the API
import-error-not-utf8 = is not UTF-8 text
import-error-empty = choose a CSV file, or paste its rows below
import-source-tablemates = a tablemates CSV file
import-source-pretix-csv = a pretix order data export (CSV)
import-source-pretix-json = a pretix order data export (JSON)
import-source-indico = an Indico registrant export (CSV)
import-col-name = name (or full name)
import-col-name-meaning = Required.
import-col-email = email (or e-mail, email address)
import-col-email-meaning = Required. Someone already registered with this address is updated, not added twice.
import-col-affiliation = affiliation (or company, organization)
import-col-affiliation-meaning = Optional.
import-col-role = role (or title, job title)
import-col-role-meaning = Optional.
import-col-bio = bio
import-col-bio-meaning = Optional.
import-col-handles = x (or twitter), mastodon, bluesky, linkedin, github, website (or url, homepage)
import-col-handles-meaning = A handle or profile link per network, all optional.
import-col-interests = interests
import-col-interests-meaning = Separated by commas, semicolons or bars: rust; compilers | bread baking.
import-col-wants = wants (or want to meet)
import-col-wants-meaning = People they hope to meet, by network: github:ada x:@grace @bob@hachyderm.io, or profile links.

## Emails
emails-title = Emails
emails-intro = Every email to this conference's attendees and where its delivery stands, newest first. A failed email can be sent again.
emails-filters-wrong = These filters do not work
emails-any = any
emails-kind = Kind
emails-recipient = Recipient contains
emails-show = Show
emails-range = { $first }–{ $last } of { $total }.
emails-sent = sent { $at }
emails-attempts = { $count ->
    [one] { $count } attempt
   *[other] { $count } attempts
}
emails-last-error = Last error: { $error }
emails-retry = Retry
emails-retry-which = the { $kind } to { $recipient }
emails-pages = Pages of emails
emails-newer = Newer
emails-older = Older
emails-none = No email matches.
emails-retried = The email is queued again and goes out in a moment.
emails-not-failed = That email is no longer failed, so there was nothing to retry.
outbox-status-pending = pending
outbox-status-sent = sent
outbox-status-failed = failed
outbox-status-skipped = skipped
outbox-status-cancelled = cancelled
outbox-kind-registration_confirmation = registration confirmation
outbox-kind-already_registered = already registered
outbox-kind-access_link = access link
outbox-kind-withdrawal_confirmation = withdrawal confirmation
outbox-kind-table_introduction = table introduction
outbox-kind-table_changed = table changed
outbox-kind-meetup_reminder = meetup reminder
outbox-kind-meetup_cancelled = meetup cancelled
outbox-kind-meetup_changed = meetup changed
outbox-kind-organizer_sign_in = organizer sign in
outbox-kind-email_change_confirmation = email change confirmation
outbox-kind-email_change_notice = email change notice
outbox-kind-import_invitation = import invitation

## Webhooks
hooks-title = Webhooks
hooks-intro = Addresses that receive this conference's events as signed HTTP requests (Standard Webhooks), with what was delivered to each, newest first.
hooks-not-added = The endpoint was not added
hooks-added-secret = The endpoint is added. Its signing secret is shown this once; keep it where the receiver can read it:
hooks-enabled = enabled
hooks-disabled = disabled
hooks-latest = Latest deliveries ({ $count } of { $total })
hooks-event = Event
hooks-attempts = Attempts
hooks-last-answer = Last answer
hooks-queued = Queued
hooks-nothing-delivered = Nothing delivered yet.
hooks-remove = Remove
hooks-remove-which = the endpoint { $url }
hooks-none = No endpoint yet.
hooks-add-heading = Add an endpoint
hooks-url = URL
hooks-events = Events
hooks-add-button = Add the endpoint
hooks-removed = The endpoint is removed, with its delivery log.
delivery-status-pending = pending
delivery-status-delivered = delivered
delivery-status-failed = failed

## The seating chart's legend
chart-mostly = mostly { $interest }
chart-mostly-other = mostly another interest
chart-no-shared = no shared interest
chart-mutual = both wanted to meet
chart-repeat = ↻ meeting again
chart-alone = ⚠ alone at the table

## The printed table cards (attendees read them)
cards-title = Table cards · { $meetup }
cards-heading = Table cards: { $meetup }
cards-print = { $count ->
    [one] { $count } table
   *[other] { $count } tables
}. Print this page: two cards to an A4 sheet when they fit, none split across sheets; this line does not print.
cards-talk-about = Talk about: { $topics }
