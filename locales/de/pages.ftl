# Seiten für Teilnehmende und die Öffentlichkeit. Die Problemdetails der API bleiben englisch.

## Layout
skip-to-content = Zum Inhalt springen
footer-about = tablemates setzt Menschen, die sich kennenlernen möchten, an denselben Tisch. Nur das Organisationsteam und, wo Sie es erlauben, Ihre Tischnachbarn sehen, was Sie teilen.

## Home
home-title = Lernen Sie die Menschen hinter den Handles kennen
home-lead = Sie kennen sie als Avatare und Handles. Auf einer Konferenz setzt tablemates Sie an denselben Tisch – zum Mittagessen, zum Abendessen oder in einer Session –, damit Sie herausfinden, wer hinter dem Handle steckt.
home-how = Teilnehmende melden sich mit ihren Social-Media-Handles, ihren Interessen und den Menschen an, die sie treffen möchten. Das Organisationsteam setzt dann alle an Tische mit Menschen, mit denen sie etwas verbindet, und über mehrere Mahlzeiten hinweg lernen sie immer wieder neue Leute kennen.
home-open-heading = Anmeldung geöffnet
home-none-open = Derzeit ist keine Konferenz für die Anmeldung geöffnet. Ihr Organisationsteam schickt Ihnen einen Link, sobald die Anmeldung für seine Konferenz öffnet.
home-organizers-heading = Für Organisationsteams
home-organizers-text = Sie richten eine Konferenz aus? Legen Sie sie an, öffnen Sie die Anmeldung und lassen Sie tablemates Ihre Teilnehmenden platzieren.
home-organizers-sign-in = Organisationsteams: anmelden

## Formularfelder (Anmeldeformular, eigene Seite der Teilnehmenden, Formular des Organisationsteams)
required = (Pflichtfeld)
errors-summary-title = Bitte prüfen Sie diese Felder
legend-about-you = Über Sie
label-name = Ihr Name
label-email = E-Mail-Adresse
hint-email = Hierhin schicken wir Ihren persönlichen Link. Das Organisationsteam sieht sie, Ihre Tischnachbarn nicht.
label-role = Rolle
hint-role = Zum Beispiel: Speaker, Studentin, Maintainer eines Rust-Crates. Das Organisationsteam sieht sie.
label-affiliation = Organisation
hint-affiliation = Firma, Hochschule oder Projekt.
label-affiliation-visibility = Wer Ihre Organisation sehen darf
label-bio = Ein paar Worte über Sie
hint-bio = Woran Sie arbeiten und worüber Sie gern sprechen würden.
label-bio-visibility = Wer Ihre Beschreibung sehen darf
legend-online = Wo man Sie online findet
hint-online = Alles freiwillig. Fügen Sie ein Handle oder einen Profillink ein und wählen Sie jeweils, wer es sehen darf.
label-handle-visibility = Wer es sehen darf
hidden-handle = (Ihr { $network }-Handle)
label-handle-visibility-of = Wer Ihr { $network }-Handle sehen darf
legend-interests = Interessen
hint-interests-tick = Kreuzen Sie an, worüber Sie am Tisch gern sprechen würden.
label-interests-other = Weitere Interessen
label-interests-yours = Ihre Interessen
hint-interests = Durch Kommas getrennt, z. B. Compiler, Brotbacken.
legend-wanted = Menschen, die Sie treffen möchten
hint-wanted = Ihr Handle in einem Netzwerk. Wenn die Person auch kommt, versuchen wir, Sie zusammenzusetzen; sie erfährt nie, dass Sie danach gefragt haben.
label-wanted-network = Netzwerk (Person { $number })
label-wanted-handle = Handle (Person { $number })
label-consent = Einwilligung
label-emails = E-Mails
label-this-form = Dieses Formular
legend-language = Sprache
label-language = Sprache Ihrer Seiten und E-Mails
language-conference-default = Die Sprache der Konferenz
visibility-tablemates = Tischnachbarn und Organisationsteam
visibility-organizer = Nur das Organisationsteam
visibility-nobody = Nur ich

## Seite einer Konferenz und Anmeldung
title-error-prefix = Fehler:
register-closed = Die Anmeldung für { $conference } ist geschlossen.
register-heading = Anmelden
register-intro = Erzählen Sie uns ein wenig über sich und wen Sie treffen möchten: Wir setzen Menschen mit gemeinsamen Interessen an denselben Tisch. Danach schicken wir Ihnen einen Link zur Bestätigung.
legend-consent = Ihre Einwilligung
consent-privacy = Ich bin einverstanden, dass das Organisationsteam meine Angaben speichert, um mich zu platzieren, und sie meinen Tischnachbarn so zeigt, wie ich es oben gewählt habe.
consent-emails = Schicken Sie mir Erinnerungen und Neuigkeiten zu dieser Konferenz per E-Mail.
register-button = Anmelden
check-email-title = Sehen Sie in Ihr Postfach
check-email-sent = Vielen Dank! Wir haben eine Nachricht an die Adresse geschickt, die Sie für <strong>{ $conference }</strong> angegeben haben.
check-email-link = Sie enthält Ihren persönlichen Link: Öffnen Sie ihn, um <strong>Ihre Anmeldung zu bestätigen</strong>. Solange Sie nicht bestätigt haben, bekommen Sie keinen Platz. Über denselben Link können Sie Ihre Angaben jederzeit ändern oder sich abmelden.
check-email-nothing = Nach ein paar Minuten ist nichts angekommen? Sehen Sie im Spam-Ordner nach oder senden Sie das Formular noch einmal ab: Wir schicken den Link dann erneut.
back-to = Zurück zu { $conference }

## Die eigene Seite der Teilnehmenden
manage-title = Ihre Anmeldung für { $conference }
manage-status = Status:
status-pending = unbestätigt
status-confirmed = bestätigt
status-withdrawn = abgemeldet
manage-invited = Das Organisationsteam hat Sie aus seiner Anmeldeliste übernommen. Niemand sieht etwas über Sie, und Sie bekommen keinen Platz, bis Sie zustimmen. Mit Ihrer Zustimmung sind Sie einverstanden, dass wir die Angaben auf dieser Seite nutzen, um Sie mit anderen Teilnehmenden an einen Tisch zu setzen, und sie ihnen so zeigen, wie Sie es unten wählen.
manage-accept = Zustimmen und teilnehmen
manage-please-confirm = Bitte bestätigen Sie, dass Sie kommen: Vorher bekommen Sie keinen Platz.
manage-confirm = Meine Anmeldung bestätigen
manage-withdrawn = Sie haben sich abgemeldet. Haben Sie es sich anders überlegt? Sie können wieder teilnehmen.
manage-take-part-again = Wieder teilnehmen
manage-confirmed = Ihre Anmeldung ist bestätigt. Wir setzen Sie zu Menschen, die Ihre Interessen teilen.
manage-registered-as = Angemeldet als { $name } <{ $email }>. Um Ihre E-Mail-Adresse zu ändern, wenden Sie sich an das Organisationsteam.
manage-pending-email = Das Organisationsteam möchte Ihre E-Mail-Adresse in <strong>{ $email }</strong> ändern. Sie ändert sich erst, wenn diese Adresse bestätigt ist; bis dahin kommt alles weiter hier an.
manage-keep-address = Meine bisherige Adresse behalten
manage-tables = Ihre Tische
manage-you-share = Gemeinsam haben Sie: { $shared }
manage-calendar = Meine Tische in meinen Kalender übernehmen
manage-mastodon = Meinen Tischnachbarn auf Mastodon folgen
manage-mastodon-hint = (eine Liste zum Importieren unter Einstellungen → Importieren und Exportieren)
manage-meetups = Treffen
manage-meetups-hint = Sagen Sie uns, zu welchen Mahlzeiten Sie kommen: Nur dort bekommen Sie einen Platz.
manage-meetup-in = Sie nehmen teil
manage-meetup-out = Sie nehmen nicht teil
manage-meetup-leave = Ich komme nicht zu { $meetup }
manage-meetup-join = Ich komme zu { $meetup }
manage-details = Ihre Angaben
save-changes = Änderungen speichern
manage-data = Ihre Daten
manage-download = Alles herunterladen, was wir über Sie gespeichert haben
manage-download-hint = (Ihre Anmeldung, Ihre Treffen und Tische und die E-Mails, die wir Ihnen geschickt haben, als JSON-Datei)
manage-leave = Teilnahme beenden
manage-withdraw = Abmelden
manage-delete = Alle meine Daten löschen
notice-saved = Ihre Änderungen sind gespeichert.
notice-confirmed = Ihre Anmeldung ist bestätigt. Bis bald!
notice-withdrawn = Sie haben sich abgemeldet.
notice-meetups = Ihre Treffen sind gespeichert.
notice-verified = Ihr Handle ist bestätigt.
notice-email-kept = Die Änderung Ihrer E-Mail-Adresse ist abgebrochen; alles kommt weiter an diese Adresse.

## Abmelden und Löschen
withdraw-title = Abmelden?
withdraw-heading = Von { $conference } abmelden?
withdraw-explain = Sie bekommen dann keinen Platz. Das Organisationsteam sieht weiterhin, dass Sie sich angemeldet und wieder abgemeldet haben. Über denselben Link können Sie später erneut bestätigen.
withdraw-yes = Ja, abmelden
delete-title = Alle Ihre Daten löschen?
delete-explain = Damit löschen Sie Ihre Anmeldung für { $conference } und alles, was Sie dafür angegeben haben. Das lässt sich nicht rückgängig machen, und Ihr persönlicher Link funktioniert danach nicht mehr.
delete-yes = Ja, alles löschen
no-go-back = Nein, zurück
erased-title = Ihre Daten sind gelöscht
erased-text = Wir haben Ihre Anmeldung für <strong>{ $conference }</strong> und alles, was Sie dafür angegeben haben, gelöscht. Ihr persönlicher Link funktioniert nicht mehr.

## Bestätigung einer geänderten E-Mail-Adresse
email-change-title = Bestätigen Sie Ihre E-Mail-Adresse
email-change-done = Erledigt: Ihre Anmeldung für <strong>{ $conference }</strong> verwendet jetzt <strong>{ $email }</strong>. Fordern Sie Ihren persönlichen Link bei Bedarf an diese Adresse an.
email-change-explain = Das Organisationsteam hat die E-Mail-Adresse Ihrer Anmeldung in diese geändert. Bestätigen Sie sie mit der Schaltfläche; bis dahin geht alles weiter an die alte Adresse.
email-change-button = Diese Adresse bestätigen

## Fehlerseiten
error-reference = Referenz:
error-not-found-title = Nicht gefunden
error-not-found = Das gesuchte Objekt ({ $what }) gibt es nicht. Bitte prüfen Sie die Adresse.
## Was eine fehlende Seite war (das { $what } von error-not-found)
what-attendee = teilnehmende Person
what-conference = Konferenz
what-email = E-Mail
what-job = Auftrag
what-meetup = Treffen
what-organizer = Person im Organisationsteam
what-plan = Plan
what-pretix-connection = pretix-Verbindung
what-pretix-webhook = pretix-Webhook
what-published-plan = veröffentlichter Plan
what-registration = Anmeldung
what-resource = Seite
what-token = Token
what-unsubscribe-link = Abmeldelink
what-verification-page = Bestätigungsseite
what-webhook-delivery = Webhook-Zustellung
what-webhook-endpoint = Webhook-Endpunkt
error-link-title = Dieser Link funktioniert nicht
error-link = Der Link ist ungültig oder abgelaufen. Melden Sie sich mit derselben E-Mail-Adresse erneut an, dann schicken wir Ihnen einen neuen Link.
error-link-replaced-title = Dieser Link wurde ersetzt
error-link-replaced = Wir haben Ihnen einen neueren persönlichen Link geschickt, der diesen ersetzt: Verwenden Sie den Link aus unserer neuesten E-Mail. Nicht mehr auffindbar? Melden Sie sich unter { $path } mit derselben E-Mail-Adresse erneut an, dann schicken wir Ihnen einen neuen Link.
error-conflict-title = Das hat nicht geklappt
error-invalid-title = Einige Felder sind ungültig
error-request-title = Die Anfrage konnte nicht bearbeitet werden
error-stale-form = Das Formular ist veraltet: Laden Sie die Seite neu und versuchen Sie es noch einmal.
error-form-too-large = Das Formular ist größer, als der Dienst annimmt.
error-too-many-title = Zu viele Anfragen
error-too-many = Von dieser Adresse wurde dieses Formular zu oft gesendet. Bitte versuchen Sie es in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} erneut.
error-unavailable-title = Vorübergehend nicht verfügbar
error-unavailable = Wir können unsere Daten gerade nicht erreichen, und es wurde nichts geändert. Bitte versuchen Sie es in { $seconds } Sekunden erneut.
error-internal-title = Bei uns ist etwas schiefgegangen
error-internal = Bitte versuchen Sie es gleich noch einmal. Wenn es weiterhin passiert, wenden Sie sich an das Organisationsteam und nennen Sie die Referenz unten.

## Abmeldung von E-Mails zu Tischen und Treffen
unsubscribe-page-title = E-Mail-Einstellungen
unsubscribe-title = Keine E-Mails mehr zu Tischen und Treffen?
unsubscribe-explain = Sie erhalten dann keine Tischvorstellungen, Änderungen oder Erinnerungen mehr für { $conference }. Ihre Anmeldung bleibt unverändert, und E-Mails, die Sie selbst anfordern (etwa Ihren persönlichen Link), kommen weiterhin an.
unsubscribe-button = Abbestellen
unsubscribe-done-title = Sie haben die E-Mails abbestellt
unsubscribe-done = Sie erhalten keine Tischvorstellungen, Änderungen oder Erinnerungen mehr für { $conference }. Ihre Anmeldung bleibt unverändert.
## Handles and their proofs
mark-verified = bestätigt
mark-verified-title = Die Person hat nachgewiesen, dass dieses Handle ihr gehört
mark-claimed = angegeben
mark-claimed-title = Nicht nachgewiesen
verify-title = Ihre Handles bestätigen
verify-explain = Ein Handle kann jeder eintippen; ein bestätigtes zeigt Ihren Tischnachbarn, dass es wirklich Ihres ist. Verlinken Sie Ihre Bestätigungsseite im Profil und klicken Sie dann auf „Bestätigen“:
verify-how-fediverse = Mastodon und andere Fediverse-Server oder Ihre Website: ein Profilfeld (oder Link) auf die Seite; Mastodon kennzeichnet ihn selbst mit rel="me".
verify-how-bluesky = Bluesky: die Adresse der Seite in Ihrer Profilbeschreibung.
verify-how-github = GitHub: die Adresse als Website Ihres Profils oder in der Beschreibung eines öffentlichen Gists.
verify-failed = Nicht bestätigt: { $reason }
verify-button = Bestätigen
verify-no-handles = Sie haben noch keine Handles angegeben.
verification-title = Bestätigungsseite
verification-explain = Diese Seite gehört einer Person, die für eine Konferenz angemeldet ist, die ihre Gäste mit tablemates an Tische setzt. Ein Profil, das hierher verlinkt (mit rel="me", in seiner Beschreibung oder aus einem Gist), gehört nachweislich ihr.
verification-handles = Ihre Handles
verification-no-handles = Hier werden keine Handles gezeigt.
