# Pages attendees and the public see. Problem details of the API stay English and are not here.

## Layout
skip-to-content = Skip to content
footer-about = tablemates seats people who want to meet at the same table. Only the organizers and, where you allow it, your tablemates see what you share.

## Home
home-title = Meet the people behind the handles
home-lead = You know them as avatars and handles. At a conference, tablemates seats you at the same table, for lunch, dinner or a session, so you find out who is behind the handle.
home-how = Attendees register with their social handles, their interests and the people they hope to meet. The organizers then seat everyone at tables of people they share something with, and over several meals they keep meeting new people.
home-open-heading = Open for registration
home-none-open = No conference is open for registration right now. Your organizers will send you a link when theirs opens.
home-organizers-heading = Organizers
home-organizers-text = Running a conference? Create it, open registration, and let tablemates seat your attendees.
home-organizers-sign-in = Organizers: sign in

## Form fields (the registration form, the attendee's own page, the organizers' attendee form)
required = (required)
errors-summary-title = Please check these fields
legend-about-you = About you
label-name = Your name
label-email = Email address
hint-email = We send your personal link here. Organizers see it; tablemates do not.
label-role = Role
hint-role = For example: speaker, student, maintainer of a Rust crate. Organizers see it.
label-affiliation = Affiliation
hint-affiliation = Company, university or project.
label-affiliation-visibility = Who may see your affiliation
label-bio = A few words about you
hint-bio = What you work on, what you would like to talk about.
label-bio-visibility = Who may see your bio
legend-online = Where people find you online
hint-online = All optional. Paste a handle or a profile link. For each, choose who may see it.
label-handle-visibility = Who may see it
hidden-handle = (your { $network } handle)
label-handle-visibility-of = Who may see your { $network } handle
legend-interests = Interests
hint-interests-tick = Tick what you would like to talk about at the table.
label-interests-other = Other interests
label-interests-yours = Your interests
hint-interests = Separate them with commas, e.g. compilers, bread baking.
legend-wanted = People you hope to meet
hint-wanted = Their handle on a network. We try to seat you together when they come too; they never see that you asked.
label-wanted-network = Network (person { $number })
label-wanted-handle = Handle (person { $number })
label-consent = Consent
label-emails = Emails
label-this-form = This form
legend-language = Language
label-language = Language of your pages and emails
language-conference-default = The conference's language
visibility-tablemates = Tablemates and organizers
visibility-organizer = Organizers only
visibility-nobody = Only me

## A conference's page and registration
title-error-prefix = Error:
register-closed = Registration for { $conference } is closed.
register-heading = Register
register-intro = Tell us a little about yourself and whom you hope to meet: we seat people with shared interests at the same table. We then email you a link to confirm.
legend-consent = Your consent
consent-privacy = I agree that the organizers store what I entered to seat me, and show it to my tablemates as I chose above.
consent-emails = Send me reminders and news about this conference by email.
register-button = Register
check-email-title = Check your email
check-email-sent = Thank you! We sent a message to the address you gave for <strong>{ $conference }</strong>.
check-email-link = It holds your personal link: open it to <strong>confirm your registration</strong>. Until you confirm, you will not be seated. The same link lets you change what you shared, or withdraw, at any time.
check-email-nothing = Nothing arrived after a few minutes? Look in your spam folder, or send the form again: we will send the link once more.
back-to = Back to { $conference }

## The attendee's own page
manage-title = Your registration for { $conference }
manage-status = Status:
status-pending = pending
status-confirmed = confirmed
status-withdrawn = withdrawn
manage-invited = The organizers added you from their registration list. Nothing about you is shown to anyone and you will not be seated until you accept. By accepting you agree that we use what is on this page to seat you with other attendees and show it to them as you choose below.
manage-accept = Accept and take part
manage-please-confirm = Please confirm that you are coming: until then you will not be seated.
manage-confirm = Confirm my registration
manage-withdrawn = You have withdrawn. Changed your mind? You can take part again.
manage-take-part-again = Take part again
manage-confirmed = You are confirmed. We will seat you with people who share your interests.
manage-registered-as = Registered as { $name } <{ $email }>. To change your email address, ask the organizers.
manage-pending-email = The organizers asked to change your email address to <strong>{ $email }</strong>. It changes only when that address confirms; until then everything keeps coming here.
manage-keep-address = Keep my current address
manage-tables = Your tables
manage-you-share = You share: { $shared }
manage-calendar = Add my tables to my calendar
manage-mastodon = Follow my tablemates on Mastodon
manage-mastodon-hint = (a list to import under Preferences → Import and export)
manage-meetups = Meetups
manage-meetups-hint = Tell us which meals you come to: we seat you only there.
manage-meetup-in = you take part
manage-meetup-out = you do not take part
manage-meetup-leave = I will not come to { $meetup }
manage-meetup-join = I will come to { $meetup }
manage-details = Your details
save-changes = Save changes
manage-data = Your data
manage-download = Download everything we hold about you
manage-download-hint = (your registration, your meetups and tables, and the emails we sent you, as a JSON file)
manage-leave = Leave
manage-withdraw = Withdraw
manage-delete = Delete all my data
notice-saved = Your changes are saved.
notice-confirmed = Your registration is confirmed. See you there!
notice-withdrawn = You have withdrawn your registration.
notice-meetups = Your meetups are saved.
notice-verified = Your handle is verified.
notice-email-kept = The change of your email address is cancelled; everything keeps coming to this one.

## Withdrawing and deleting
withdraw-title = Withdraw?
withdraw-heading = Withdraw from { $conference }?
withdraw-explain = You will not be seated. The organizers still see that you registered and withdrew. You can confirm again later through the same link.
withdraw-yes = Yes, withdraw
delete-title = Delete all your data?
delete-explain = This deletes your registration for { $conference } and everything you shared with it. It cannot be undone, and your personal link stops working.
delete-yes = Yes, delete everything
no-go-back = No, go back
erased-title = Your data is deleted
erased-text = We deleted your registration for <strong>{ $conference }</strong> and everything you shared with it. Your personal link no longer works.

## Confirming a changed email address
email-change-title = Confirm your email address
email-change-done = Done: your registration for <strong>{ $conference }</strong> now uses <strong>{ $email }</strong>. Ask for your personal link at this address when you need it.
email-change-explain = The organizers changed the email address of your registration to this one. Press the button to confirm it; until then everything keeps going to the old address.
email-change-button = Confirm this address

## Error pages
error-reference = Reference:
error-not-found-title = Not found
error-not-found = There is no such { $what }. Please check the address.
## What a missing page was (the { $what } of error-not-found)
what-attendee = attendee
what-conference = conference
what-email = email
what-job = job
what-meetup = meetup
what-organizer = organizer
what-plan = plan
what-pretix-connection = pretix connection
what-pretix-webhook = pretix webhook
what-published-plan = published plan
what-registration = registration
what-resource = resource
what-token = token
what-unsubscribe-link = unsubscribe link
what-verification-page = verification page
what-webhook-delivery = webhook delivery
what-webhook-endpoint = webhook endpoint
error-link-title = This link does not work
error-link = The link is not valid or has expired. Register again with the same email address and we will send you a fresh link.
error-link-replaced-title = This link was replaced
error-link-replaced = We emailed you a newer personal link, which replaced this one: use the link in the newest email from us. Lost it? Register again with the same email address at { $path } and we will send you a fresh link.
error-conflict-title = That did not work
error-invalid-title = Some fields are invalid
error-request-title = The request could not be handled
error-stale-form = The form is out of date: reload the page and try again.
error-form-too-large = The form is larger than the service accepts.
error-too-many-title = Too many requests
error-too-many = This address has sent this form too often. Please try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
error-unavailable-title = Temporarily unavailable
error-unavailable = We cannot reach our records right now and nothing was changed. Please try again in { $seconds } seconds.
error-internal-title = Something went wrong on our side
error-internal = Please try again in a moment. If it keeps happening, tell the organizers and quote the reference below.

## Unsubscribing from emails about tables and meetups
unsubscribe-page-title = Email preferences
unsubscribe-title = Stop emails about tables and meetups?
unsubscribe-explain = You will get no more table introductions, changes or reminders for { $conference }. Your registration stays as it is, and emails you ask for (such as your personal link) still arrive.
unsubscribe-button = Unsubscribe
unsubscribe-done-title = You are unsubscribed
unsubscribe-done = You will get no more table introductions, changes or reminders for { $conference }. Your registration stays as it is.
## Handles and their proofs
mark-verified = verified
mark-verified-title = Its holder proved this handle
mark-claimed = claimed
mark-claimed-title = Not proved by its holder
verify-title = Prove your handles
verify-explain = Anyone can type a handle; a verified one shows your tablemates it is really yours. Link your verification page from the profile, then press “Verify”:
verify-how-fediverse = Mastodon and other fediverse servers, or your web site: a profile field (or link) to the page; Mastodon marks it rel="me" by itself.
verify-how-bluesky = Bluesky: the page’s address in your profile description.
verify-how-github = GitHub: the address as your profile’s website or in a public gist’s description.
verify-failed = Not verified: { $reason }
verify-button = Verify
verify-no-handles = You have not named any handles yet.
verification-title = Verification page
verification-explain = This page belongs to someone registered for a conference that seats people with tablemates. A profile that links here (with rel="me", in its description, or from a gist) was proved to be theirs.
verification-handles = Handles they show
verification-no-handles = They show no handles here.
