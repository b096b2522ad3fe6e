# Emails to attendees and organizers. Subjects are one line; a message is one paragraph.

## Shared parts
email-hi = Hi { $name },
email-hello = Hello,
email-footer-sent = Sent by tablemates for { $conference }.
email-footer-why = You get this email because this address was used to register for { $conference }.
email-footer-unsubscribe-text = To stop emails about tables and meetups (you keep your registration): { $url }
email-footer-unsubscribe-link = Stop emails about tables and meetups
email-footer-unsubscribe-keep = (you keep your registration).
email-manage-button = Manage my registration
email-paste = Or paste this address into your browser: { $url }
email-keep-private = Keep this link to yourself: anyone who has it can change your registration.
email-ignore = If you did not ask for this, you can ignore this email.
email-ignore-not-you = If it wasn't you, you can ignore this email.
email-calendar-updated = The updated calendar invitation is attached and replaces the earlier one. Your personal link:

## A table (introduction, change, reminder)
table-when = When
table-where = Where
table-table = Table
table-at-your-table = At your table
table-mutual = You and { $name } both asked to meet each other.
table-nobody = Nobody else is seated at your table yet.
table-shares = What your table shares
table-starter = Something to start with:
starter-generic = Ask each other which talk you are most looking forward to, and why.
starter-shared = { $people } share an interest in { $interest }. Ask each other: { $question }
starter-1 = how did each of you first get into { $interest }?
starter-2 = what was the last thing about { $interest } that surprised you?
starter-3 = what are you working on or reading about in { $interest } right now?
starter-4 = what would you tell someone just starting with { $interest }?
starter-5 = what is the most overrated and the most underrated thing in { $interest }?
names-and = { $first } and { $last }

## Personal link
subject-access-link = Your personal link for { $conference }
access-link-intro = here is the personal link you asked for. It shows your registration for { $conference }, lets you change it, withdraw, or delete it all:
access-link-earlier = Links sent earlier keep working until they expire.

## Already registered
subject-already-registered = You're already registered for { $conference }
already-registered-intro = someone (probably you) just tried to register this address for { $conference } again. You are already registered, so nothing was changed.
already-registered-link = To see or change your registration, or to delete it, use your personal link:

## Email address changes
subject-email-change-confirmation = Confirm your email address for { $conference }
email-change-confirmation-intro = the organizers of { $conference } changed the email address of your registration to { $email }. The change takes effect when you confirm it here:
email-change-confirmation-button = Confirm this address
email-change-confirmation-until = Until then, emails and your personal link keep going to the address you registered with.
email-change-confirmation-unknown = If you do not know this registration, ignore this email and nothing changes.
subject-email-change-notice = Your email address for { $conference } is about to change
email-change-notice-intro = the organizers of { $conference } asked to change the email address of your registration to { $email }. Nothing changes unless that address confirms; until then everything keeps coming here.
email-change-notice-unexpected = If you did not expect this, open your personal link and cancel the change, or write to the organizers:

## Imported attendees
subject-import-invitation = You are invited to meet people at { $conference }
subject-import-complete = Complete your profile for { $conference }
import-intro = the organizers of { $conference } added you to tablemates from their registration list. tablemates seats attendees at tables with people they know online or who care about the same things.
import-needs-acceptance = Nothing about you is shown to anyone and you will not be seated until you accept. To take part, open your personal link, add your handles and interests, choose who sees what, and press “Accept and take part”. If you do nothing, nothing happens.
import-agreed = You told the registration you agree to take part. Open your personal link to add your handles and interests and to choose who sees what.
import-button-accept = Complete my profile and accept
import-button-complete = Complete my profile
import-same-link = The same link shows and changes what the organizers imported, and lets you delete it all.

## Meetups
subject-meetup-cancelled = Cancelled: { $meetup } ({ $conference })
subject-meetup-unseated = You are no longer seated at { $meetup } ({ $conference })
meetup-cancelled-intro = the organizers cancelled { $meetup } at { $conference }, on { $time }. It will not take place, so nobody is seated there. The attached cancellation removes it from your calendar.
meetup-unseated-intro = you are no longer seated at { $meetup } at { $conference }, on { $time }. The attached cancellation removes it from your calendar.
meetup-cancelled-unchanged = Your registration is unchanged. To see it, or to change it, use your personal link:
subject-meetup-changed = { $meetup } has changed ({ $conference })
meetup-changed-intro = { $meetup } at { $conference } has changed. It was:
meetup-changed-now = This is how it is now; your table and tablemates stay the same.
subject-meetup-reminder = Reminder: { $meetup } at { $table } ({ $conference })
meetup-reminder-intro = { $meetup } at { $conference } is coming up. A reminder of where you sit and who you will meet:
meetup-reminder-cannot = Can't make it? Let the organizers know through your personal link, so your seat can go to someone else:

## Organizer sign-in
subject-organizer-sign-in = Your tablemates sign-in link
sign-in-intro = here is the link to sign in to the tablemates organizer console. It works once, for the next { $minutes } minutes:
sign-in-button = Sign in
sign-in-ignore = If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.
sign-in-footer = Sent by tablemates to the organizer of this address's conferences.

## Registration
subject-registration-confirmation = Please confirm your registration for { $conference }
confirmation-intro = thanks for registering for { $conference }. Please confirm that you are coming: open your personal link and press “Confirm my registration”. Until you confirm, we will not seat you.
confirmation-button = Confirm my registration
confirmation-then = Once you have confirmed, we will seat you at a table with people you know online or who care about the same things as you. The same link shows and changes what you told us, and lets you delete it all.
confirmation-claimed = Someone else registered with these handles before you, so we did not add them to your profile:
confirmation-claimed-yours = If they are yours, please tell the conference organizers.
confirmation-see-you = See you there!

## Tables
subject-table-changed = Your table for { $meetup } changed ({ $conference })
table-changed-intro = your table for { $meetup } at { $conference } changed ({ $reason }). This is who you will sit with now; it replaces the earlier introduction.
changed-why-roster = { $joined } joined, { $left } left
changed-why-erased = someone left and deleted their registration
subject-tables-many = Your tables at { $count } meetups ({ $conference })
subject-table-one = { $meetup }: you sit at { $table } ({ $conference })
introduction-many = here are your tables for the { $count } meetups below at { $conference }, and who you will meet at each.
introduction-many-calendar = A calendar invitation for each meetup is attached. To see or change what your tablemates see about you, or to withdraw, use your personal link:
introduction-one = here is your table for { $meetup } at { $conference }, and who you will meet there.
introduction-one-calendar = The calendar invitation is attached. To see or change what your tablemates see about you, or to withdraw, use your personal link:
introduction-enjoy = Enjoy the conversation!

## Withdrawal
subject-withdrawal = You have withdrawn from { $conference }
withdrawal-intro = you have withdrawn your registration for { $conference }. We will not seat you at any table, and you will get no more emails about tables and meetups.
withdrawal-changed-mind = Changed your mind? Open the personal link from your earlier emails and confirm again, or ask for a new link on the conference's registration page with this email address.
withdrawal-not-you = If it wasn't you, someone has your personal link: ask for a new one and tell the organizers.
## Handle marks
handle-verified = verified
handle-claimed = claimed
