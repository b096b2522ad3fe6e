# Why a field was rejected, shown next to it on pages. Each id is a `code` of the JSON API's
# field errors; the English says what the API's `message` says. Numbers arrive formatted for
# the language (2,000); quoted values and lists of choices arrive as the client sent them.

## Any field
field-empty = must not be empty
field-blank = must not be blank
field-too-long = must be at most { $max } characters
field-too-long-count = must be at most { $max } characters (this is { $count })
field-too-long-one-line = must be at most { $max } characters, on one line
field-length-between = must be { $min } to { $max } characters
field-control-characters = must be a single line without control characters
field-control-characters-multiline = must not contain control characters other than line breaks and tabs
field-control-characters-any = must not contain control characters
field-one-of = must be one of { $choices }
field-must-be = must be { $value }
field-must-be-either = must be { $choices } or { $last }
field-whole-number = must be a whole number
field-whole-number-between = must be a whole number from { $min } to { $max }
field-date = must be a date like 2026-06-01
field-date-time = must be a date and time like 2026-06-01T12:30
field-date-range = must be between { $first } and { $last }
field-time-skipped = does not exist in { $zone }: the clocks go forward then
field-uuid = must be a UUID
field-between = must be { $min } to { $max }
field-whole-number-from = must be a whole number from { $min }
field-required = is required

## Attendees
field-email-at = must contain exactly one @, like name@example.org
field-email-domain = the part after the @ must be a domain name like example.org
field-email-local-empty = needs a name before the @, like name@example.org
field-email-local-too-long = the part before the @ must be at most { $max } characters
field-email-local-characters = must not contain spaces, invisible characters, quotes, commas, brackets or similar characters before the @
field-email-local-dots = the part before the @ must not start or end with a dot or contain two dots in a row
field-language = must be one of en or de
field-visibility = must be one of nobody, tablemates or organizer
field-attendee-status = must be one of pending, confirmed or withdrawn
field-network = must be one of x, mastodon, bluesky, linkedin, github or website
field-verification-method = is not a known verification method
field-handles-too-many = at most one handle per network ({ $max })
field-handle-too-long = must be at most { $max } characters written out in full (this is { $count })
field-handle-x = must be 1 to 15 letters, digits or underscores, optionally starting with @ (or a link like https://x.com/name)
field-handle-github = must be 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen (or a link like https://github.com/name)
field-handle-bluesky = must be a Bluesky handle like name.bsky.social, optionally starting with @, a DID like did:plc:… or did:web:example.com (or a link like https://bsky.app/profile/name.bsky.social)
field-handle-mastodon = must look like @name@server.social (or a link like https://server.social/@name)
field-handle-linkedin = must be a LinkedIn profile link like https://www.linkedin.com/in/your-name or its last part: 3 to 100 letters, digits or hyphens
field-handle-website = must be a web address like https://example.org
field-url-credentials = must not contain a user name or password
field-consent-privacy = must be true: we need your agreement to store your registration
field-interests-too-many = at most { $max } interests
field-wanted-too-many = at most { $max } people
field-handle-network-twice = only one handle per network
field-email-fixed = cannot be changed from your link; ask the organizer
field-attendees-handles = are the attendee's to change: they can edit them from their personal link
field-attendees-choice = is the attendee's to change: they can edit it from their personal link
field-verify-no-handle = you have no { $network } handle to verify; add it first

## Conferences, meetups and tables
field-slug = must be 3 to 64 lowercase letters (a-z), digits or single hyphens, not starting or ending with a hyphen
field-time-zone = must be an IANA time zone name like Europe/Berlin, America/New_York or UTC
field-starts-on-after-end = must not be after ends_on
field-ends-on-before-start = must not be before starts_on
field-starts-at-after-end = must be before ends_at
field-ends-at-before-start = must be after starts_at
field-suggested-interests-too-many = at most { $max } suggested interests
field-table-min = a table needs at least { $min } people: nobody should sit alone
field-table-max = the maximum table size must be at most { $max }
field-table-inverted = the minimum table size must not be larger than the maximum
field-table-min-above-max = must not be larger than table_size.max
field-table-max-below-min = must not be smaller than table_size.min
field-table-list = must list 1 to { $max } tables
field-tables-and-count = give either tables or table_count, not both
field-tables-missing = give the tables, or table_count to generate them
field-co-organizer-name = nobody organizes with this address yet: give their name to make their account
field-days-between = must be between { $min } and { $max }

## Seating runs
field-run-meetups-and-series = give either meetup_ids or series, not both
field-run-no-meetup = name at least one meetup, or a series
field-run-series-empty = no meetup belongs to the series "{ $series }"
field-run-unknown-meetup = no such meetup in this conference
field-run-nobody = nobody takes part in "{ $meetup }": no confirmed attendee is seated there
field-run-too-few = { $meetup }: { $people } people cannot fill the tables, which need at least { $seats }
field-run-too-many = { $meetup }: { $people } people do not fit at the tables, which hold at most { $seats }
field-run-too-few-locks = { $meetup }: { $people } people cannot fill the tables, which need at least { $seats } with the locks (the tables' minimums add up to { $minimums })
field-run-too-many-locks = { $meetup }: { $people } people do not fit at the tables, which hold at most { $seats } with the locks (the tables' maximums add up to { $maximums })
field-run-bounds-inverted = { $meetup }: table { $table } has a minimum of { $min } above its maximum of { $max }
field-run-locked-over = { $meetup }: { $locked } people are locked to table { $table }, which seats at most { $max }
field-run-locked-under = { $meetup }: table { $table } is locked with { $locked } people but needs at least { $min }
field-run-blocked-together = { $meetup }: two people who must not sit together are both locked to table { $table }
field-run-no-table = { $meetup }: someone has no table to go to: every open table with a free seat holds someone locked there whom they must not sit with

## Attendee import
field-import-same-email = row { $row } has the same email address
field-import-same-handle = row { $row } has the same { $network } handle
field-import-handle-taken = another attendee of this conference already has the { $network } handle { $handle }
field-import-handles-theirs = an existing attendee's handles are theirs to change, from their personal link; leave the cell as it is or empty
field-import-wanted-network = name the network, like github:ada, x:@ada, mastodon:@ada@example.social, or give a profile URL

## Handle verification
field-verify-unsupported = { $network } handles cannot be verified: the network offers no public way to read a profile's links
field-verify-github = looked for { $mention } in the web site and bio of github.com/{ $login } and in the descriptions of its newest { $gists } public gists and found it in none
field-verify-bluesky-aka = the DID document of { $did } does not name at://{ $handle } in alsoKnownAs, so the handle is not that account's
field-verify-bluesky-profile = looked for { $mention } in the profile description of { $did } and found it not there
field-verify-bluesky-no-did = looked for a DID at { $url } and in a TXT record { $name } (did=did:plc:… or did=did:web:…) and found none
field-verify-bluesky-document = the DID document found for { $did } is not { $did }'s
field-verify-txt = could not look up the TXT record { $name }
field-verify-no-server = { $handle } names no server
field-verify-fediverse-rel-me = looked for a link to { $url } with rel="me" on { $profile } (a profile field linking to it makes one) and found none
field-verify-fediverse-rel-me-because = looked for a link to { $url } with rel="me" on { $profile } (a profile field linking to it makes one) and found none: { $reason }
field-verify-site-rel-me = looked for a link to { $url } with rel="me" on { $site } and found none
field-verify-not-web-address = { $url } is not a web address
field-verify-no-host = { $url } names no host
field-verify-fetch = could not fetch { $url }: { $reason }
field-verify-status = { $url } answered { $status }
field-verify-read = could not read { $url }: { $reason }
field-verify-too-large = { $url } is larger than { $size } KiB
field-verify-not-json = { $url } did not answer JSON

## Webhooks and pretix
field-url-invalid = is not a URL ({ $reason })
field-url-too-long-encoded = must be at most { $max } characters once percent-encoded
field-url-plain-http = must be an https URL (this server makes no requests over plain http)
field-url-https = must be an https URL
field-url-carries-credentials = must not carry a user name or password
field-url-fragment = must not have a #fragment
field-url-private = must point at a public address, not a loopback, private or link-local one
field-url-host = must name a host
field-webhook-event = { $name } is not an event; events are { $events }
field-webhook-events-empty = name at least one event of { $events }
field-pretix-url = must be a URL like https://pretix.eu: { $reason }
field-pretix-url-scheme = must be an http or https URL like https://pretix.eu
field-pretix-slug = must be the slug pretix shows in its addresses (letters, digits, - _ .; at most { $max })
field-pretix-token = is required to connect: a pretix API token that may read the event's orders

## Refusals because of what is stored (409 conflicts; the API's detail says the same in English)
conflict-email-taken = another attendee of this conference has this email
conflict-handle-taken = the { $network } handle { $handle } belongs to another attendee of this conference
conflict-registration-closed = registration for { $conference } is closed
conflict-tables-published = this meetup has a published plan that seats people at these tables; its tables cannot change
conflict-cancel-published = this meetup has a published plan; attendees were told where they sit
conflict-already-organizer = they already organize this conference
conflict-owner-stays = the organizer who created the conference stays its owner
conflict-retry-not-failed = only a failed email can be retried; this one is { $status }
conflict-webhook-limit = a conference has at most { $max } webhook endpoints
conflict-webhook-disabled = the endpoint is disabled; enable it to replay its deliveries
conflict-slug-taken = the slug "{ $slug }" is taken
conflict-handle-changed = the handle changed while it was being checked; verify it again
conflict-meetup-cancelled = the meetup "{ $meetup }" was cancelled; it can no longer be { $act }
conflict-adjust-not-draft = this plan is { $status }; only a draft can be adjusted (a published plan changes through repair)
conflict-plan-changed = the plan changed since version { $version }; reload it and try again
conflict-publish-not-draft = this plan is { $status }; only a draft can be published
conflict-roster-changed = the plan no longer matches the attendees: { $joined } joined and { $left } left since it was made; run the matcher again
conflict-table-out-of-bounds = table { $table } seats { $size }, outside its bounds { $min }–{ $max }; adjust the plan first
conflict-repair-not-published = this plan is { $status }; only the published plan is repaired (re-run the matcher for a draft)
conflict-repair-raced = the plan changed while it was being repaired; try again
