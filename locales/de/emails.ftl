# E-Mails an Teilnehmende und Organisationsteams. Betreffzeilen sind einzeilig; eine Nachricht ist ein Absatz.

## Gemeinsame Teile
email-hi = Hallo { $name },
email-hello = Hallo,
email-footer-sent = Gesendet von tablemates für { $conference }.
email-footer-why = Sie erhalten diese E-Mail, weil mit dieser Adresse eine Anmeldung für { $conference } vorgenommen wurde.
email-footer-unsubscribe-text = Keine E-Mails mehr zu Tischen und Treffen (Ihre Anmeldung bleibt bestehen): { $url }
email-footer-unsubscribe-link = Keine E-Mails mehr zu Tischen und Treffen
email-footer-unsubscribe-keep = (Ihre Anmeldung bleibt bestehen).
email-manage-button = Meine Anmeldung verwalten
email-paste = Oder kopieren Sie diese Adresse in Ihren Browser: { $url }
email-keep-private = Geben Sie diesen Link nicht weiter: Wer ihn hat, kann Ihre Anmeldung ändern.
email-ignore = Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.
email-ignore-not-you = Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.
email-calendar-updated = Die aktualisierte Kalendereinladung ist angehängt und ersetzt die frühere. Ihr persönlicher Link:

## Ein Tisch (Vorstellung, Änderung, Erinnerung)
table-when = Wann
table-where = Wo
table-table = Tisch
table-at-your-table = An Ihrem Tisch
table-mutual = Sie und { $name } möchten sich beide kennenlernen.
table-nobody = An Ihrem Tisch sitzt bisher noch niemand sonst.
table-shares = Was Ihren Tisch verbindet
table-starter = Zum Einstieg:
starter-generic = Fragen Sie einander, auf welchen Vortrag Sie sich am meisten freuen – und warum.
starter-shared = { $people } interessieren sich für { $interest }. Fragen Sie einander: { $question }
starter-1 = Wie sind Sie jeweils zu { $interest } gekommen?
starter-2 = Was hat Sie an { $interest } zuletzt überrascht?
starter-3 = Woran arbeiten Sie gerade bei { $interest }, oder was lesen Sie dazu?
starter-4 = Was würden Sie jemandem raten, der gerade mit { $interest } anfängt?
starter-5 = Was ist bei { $interest } am meisten überschätzt und was am meisten unterschätzt?
names-and = { $first } und { $last }

## Persönlicher Link
subject-access-link = Ihr persönlicher Link für { $conference }
access-link-intro = hier ist der persönliche Link, den Sie angefordert haben. Er zeigt Ihre Anmeldung für { $conference }; damit können Sie sie ändern, sich abmelden oder alles löschen:
access-link-earlier = Früher verschickte Links funktionieren weiter, bis sie ablaufen.

## Bereits angemeldet
subject-already-registered = Sie sind bereits für { $conference } angemeldet
already-registered-intro = jemand (wahrscheinlich Sie) hat gerade versucht, diese Adresse noch einmal für { $conference } anzumelden. Sie sind bereits angemeldet, daher wurde nichts geändert.
already-registered-link = Um Ihre Anmeldung anzusehen, zu ändern oder zu löschen, verwenden Sie Ihren persönlichen Link:

## Änderung der E-Mail-Adresse
subject-email-change-confirmation = Bestätigen Sie Ihre E-Mail-Adresse für { $conference }
email-change-confirmation-intro = das Organisationsteam von { $conference } hat die E-Mail-Adresse Ihrer Anmeldung in { $email } geändert. Die Änderung wird wirksam, sobald Sie sie hier bestätigen:
email-change-confirmation-button = Diese Adresse bestätigen
email-change-confirmation-until = Bis dahin gehen E-Mails und Ihr persönlicher Link weiter an die Adresse, mit der Sie sich angemeldet haben.
email-change-confirmation-unknown = Wenn Sie diese Anmeldung nicht kennen, ignorieren Sie diese E-Mail; dann ändert sich nichts.
subject-email-change-notice = Ihre E-Mail-Adresse für { $conference } soll geändert werden
email-change-notice-intro = das Organisationsteam von { $conference } möchte die E-Mail-Adresse Ihrer Anmeldung in { $email } ändern. Es ändert sich nichts, solange diese Adresse nicht bestätigt ist; bis dahin kommt alles weiter hier an.
email-change-notice-unexpected = Wenn Sie damit nicht gerechnet haben, öffnen Sie Ihren persönlichen Link und brechen Sie die Änderung ab, oder schreiben Sie dem Organisationsteam:

## Importierte Teilnehmende
subject-import-invitation = Sie sind eingeladen, auf { $conference } neue Leute kennenzulernen
subject-import-complete = Vervollständigen Sie Ihr Profil für { $conference }
import-intro = das Organisationsteam von { $conference } hat Sie aus seiner Anmeldeliste zu tablemates hinzugefügt. tablemates setzt Teilnehmende an Tische mit Menschen, die sie online kennen oder die sich für dieselben Dinge interessieren.
import-needs-acceptance = Niemand sieht etwas über Sie, und Sie bekommen keinen Platz, bis Sie zustimmen. Um teilzunehmen, öffnen Sie Ihren persönlichen Link, ergänzen Sie Ihre Handles und Interessen, wählen Sie, wer was sehen darf, und klicken Sie auf „Zustimmen und teilnehmen“. Wenn Sie nichts tun, passiert nichts.
import-agreed = Sie haben bei der Anmeldung angegeben, dass Sie teilnehmen möchten. Öffnen Sie Ihren persönlichen Link, um Ihre Handles und Interessen zu ergänzen und zu wählen, wer was sehen darf.
import-button-accept = Profil vervollständigen und zustimmen
import-button-complete = Profil vervollständigen
import-same-link = Über denselben Link sehen und ändern Sie, was das Organisationsteam importiert hat, und können alles löschen.

## Treffen
subject-meetup-cancelled = Abgesagt: { $meetup } ({ $conference })
subject-meetup-unseated = Sie haben keinen Platz mehr bei { $meetup } ({ $conference })
meetup-cancelled-intro = das Organisationsteam hat { $meetup } auf { $conference } am { $time } abgesagt. Das Treffen findet nicht statt, daher sitzt dort niemand. Die angehängte Absage entfernt es aus Ihrem Kalender.
meetup-unseated-intro = Sie haben keinen Platz mehr bei { $meetup } auf { $conference } am { $time }. Die angehängte Absage entfernt das Treffen aus Ihrem Kalender.
meetup-cancelled-unchanged = Ihre Anmeldung bleibt unverändert. Um sie anzusehen oder zu ändern, verwenden Sie Ihren persönlichen Link:
subject-meetup-changed = { $meetup } hat sich geändert ({ $conference })
meetup-changed-intro = { $meetup } auf { $conference } hat sich geändert. Bisher:
meetup-changed-now = So sieht es jetzt aus; Ihr Tisch und Ihre Tischnachbarn bleiben gleich.
subject-meetup-reminder = Erinnerung: { $meetup } an { $table } ({ $conference })
meetup-reminder-intro = { $meetup } auf { $conference } steht bevor. Zur Erinnerung, wo Sie sitzen und wen Sie treffen:
meetup-reminder-cannot = Sie können nicht kommen? Sagen Sie dem Organisationsteam über Ihren persönlichen Link Bescheid, damit jemand anderes Ihren Platz bekommt:

## Anmeldung für Organisationsteams
subject-organizer-sign-in = Ihr Anmeldelink für tablemates
sign-in-intro = hier ist der Link zur Anmeldung in der Organisationskonsole von tablemates. Er funktioniert einmal, in den nächsten { $minutes } Minuten:
sign-in-button = Anmelden
sign-in-ignore = Wenn Sie sich nicht anmelden wollten, können Sie diese E-Mail ignorieren: Ohne den Link kann sich niemand anmelden.
sign-in-footer = Gesendet von tablemates an das Organisationsteam der Konferenzen dieser Adresse.

## Anmeldung
subject-registration-confirmation = Bitte bestätigen Sie Ihre Anmeldung für { $conference }
confirmation-intro = vielen Dank für Ihre Anmeldung für { $conference }. Bitte bestätigen Sie, dass Sie kommen: Öffnen Sie Ihren persönlichen Link und klicken Sie auf „Meine Anmeldung bestätigen“. Solange Sie nicht bestätigt haben, bekommen Sie keinen Platz.
confirmation-button = Meine Anmeldung bestätigen
confirmation-then = Sobald Sie bestätigt haben, setzen wir Sie an einen Tisch mit Menschen, die Sie online kennen oder die sich für dieselben Dinge interessieren wie Sie. Über denselben Link sehen und ändern Sie Ihre Angaben und können alles löschen.
confirmation-claimed = Jemand anderes hat sich vor Ihnen mit diesen Handles angemeldet, daher haben wir sie nicht in Ihr Profil übernommen:
confirmation-claimed-yours = Wenn sie Ihnen gehören, wenden Sie sich bitte an das Organisationsteam der Konferenz.
confirmation-see-you = Bis bald!

## Tische
subject-table-changed = Ihr Tisch für { $meetup } hat sich geändert ({ $conference })
table-changed-intro = Ihr Tisch für { $meetup } auf { $conference } hat sich geändert ({ $reason }). Mit diesen Menschen sitzen Sie jetzt zusammen; das ersetzt die frühere Vorstellung.
changed-why-roster = { $joined ->
        [0] niemand ist hinzugekommen
        [one] eine Person ist hinzugekommen
       *[other] { $joined } Personen sind hinzugekommen
    }, { $left ->
        [0] niemand ist gegangen
        [one] eine ist gegangen
       *[other] { $left } sind gegangen
    }
changed-why-erased = jemand hat abgesagt und die eigene Anmeldung gelöscht
subject-tables-many = Ihre Tische bei { $count } Treffen ({ $conference })
subject-table-one = { $meetup }: Sie sitzen an { $table } ({ $conference })
introduction-many = hier sind Ihre Tische für die { $count } Treffen unten auf { $conference } und wen Sie jeweils treffen.
introduction-many-calendar = Für jedes Treffen ist eine Kalendereinladung angehängt. Um zu sehen oder zu ändern, was Ihre Tischnachbarn über Sie sehen, oder um sich abzumelden, verwenden Sie Ihren persönlichen Link:
introduction-one = hier ist Ihr Tisch für { $meetup } auf { $conference } und wen Sie dort treffen.
introduction-one-calendar = Die Kalendereinladung ist angehängt. Um zu sehen oder zu ändern, was Ihre Tischnachbarn über Sie sehen, oder um sich abzumelden, verwenden Sie Ihren persönlichen Link:
introduction-enjoy = Viel Freude beim Gespräch!

## Abmeldung
subject-withdrawal = Sie haben sich von { $conference } abgemeldet
withdrawal-intro = Sie haben Ihre Anmeldung für { $conference } zurückgezogen. Wir setzen Sie an keinen Tisch, und Sie erhalten keine E-Mails mehr zu Tischen und Treffen.
withdrawal-changed-mind = Haben Sie es sich anders überlegt? Öffnen Sie den persönlichen Link aus unseren früheren E-Mails und bestätigen Sie erneut, oder fordern Sie auf der Anmeldeseite der Konferenz mit dieser E-Mail-Adresse einen neuen Link an.
withdrawal-not-you = Wenn Sie das nicht waren, hat jemand Ihren persönlichen Link: Fordern Sie einen neuen an und informieren Sie das Organisationsteam.
## Handle marks
handle-verified = bestätigt
handle-claimed = angegeben
