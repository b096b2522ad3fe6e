# Die Konsole des Organisationsteams und die gedruckten Tischkarten. Begriffe, die auch die
# Seiten der Teilnehmenden nutzen (Feldbezeichnungen, Status), stehen in pages.ftl. Die
# Problemdetails der API bleiben englisch.

## Gemeinsam genutzt
console-conferences-title = Ihre Konferenzen
console-signed-in-as = Angemeldet als { $name } <{ $email }>
console-registration-open = Anmeldung geöffnet
console-registration-closed = Anmeldung geschlossen
console-manage = { $conference } verwalten
console-registration-page = Anmeldeseite
console-no-conference = Sie haben noch keine Konferenz.
console-new-conference = Neue Konferenz
console-sign-out = Abmelden
console-back-to = Zurück zu { $conference }
console-status = Status
console-save = Änderungen speichern
console-edit = { $name } bearbeiten
console-queued = eingereiht am { $at }
console-table-min = Mindestens Personen an einem Tisch
console-table-max = Höchstens Personen an einem Tisch
console-this-form = Dieses Formular
console-status-pending = unbestätigt
console-status-confirmed = bestätigt
console-status-withdrawn = abgemeldet

## Anmelden
signin-title = Anmeldung für Organisationsteams
signin-heading = Als Organisationsteam anmelden
signin-how = Wir schicken Ihnen einen Link per E-Mail, der Sie anmeldet. Er funktioniert einmal und { $minutes } Minuten lang.
signin-label-email = Ihre E-Mail-Adresse im Organisationsteam
signin-email-me = Anmeldelink per E-Mail schicken
signin-token-heading = Oder mit Ihrem API-Token anmelden
signin-label-token = API-Token
signin-hint-token = Das Token tm_org_… aus tablemates organizer create.
signin-with-token = Mit dem Token anmelden
signin-button = Anmelden
signin-link-press = Drücken Sie auf die Schaltfläche, um sich auf diesem Gerät anzumelden. Danach funktioniert der Link nicht mehr.
signin-sent = Wenn diese Adresse zu einem Organisationsteam gehört, ist ein Anmeldelink unterwegs.
signin-sent-open = Öffnen Sie ihn innerhalb von { $minutes } Minuten. Nichts angekommen? Sehen Sie im Spam-Ordner nach oder fordern Sie in ein paar Minuten einen neuen an.
signin-back = Zurück zur Anmeldung
signin-dead-link = Dieser Anmeldelink wurde schon benutzt oder ist abgelaufen. Fordern Sie unten einen neuen an.
signin-error-token = das ist kein gültiges Token eines Organisationsteams

## Eine Konferenz
conf-times-in = Zeiten in { $zone }
conf-edit = Konferenz bearbeiten
conf-registration = Anmeldung
conf-registration-open-at = Man kann sich auf <a href="{ $path }">der Anmeldeseite</a> anmelden.
conf-registration-closed-text = Niemand kann sich anmelden, bis Sie die Anmeldung öffnen.
conf-close-registration = Anmeldung schließen
conf-open-registration = Anmeldung öffnen
conf-attendees = Teilnehmende
conf-count-confirmed = <strong>{ $count }</strong> bestätigt
conf-count-pending = <strong>{ $count }</strong> unbestätigt
conf-count-withdrawn = <strong>{ $count }</strong> abgemeldet
conf-all-attendees = Alle Teilnehmenden
conf-import-csv = Aus einer CSV-Datei importieren
conf-meetups = Treffen
conf-no-meetup = Noch kein Treffen.
conf-new-series = Neue Reihe von Treffen
conf-jobs-link = Sitzplatzberechnungen und automatische Reparaturen
conf-emails-link = E-Mails und ihre Zustellung

## Das Konferenzformular
conf-form-legend = Die Konferenz
conf-form-address = Adresse
conf-form-address-fixed = Adresse der Anmeldeseite: { $path } (sie lässt sich nicht ändern).
conf-form-address-hint = Teil der Adresse der Anmeldeseite, /c/ihre-adresse: Kleinbuchstaben, Ziffern und Bindestriche.
conf-form-zone = Zeitzone
conf-form-zone-hint = Der IANA-Name, etwa Europe/Berlin oder America/New_York. Zeiten der Treffen werden darin eingegeben und angezeigt.
conf-form-first-day = Erster Tag
conf-form-last-day = Letzter Tag
conf-form-venue = Veranstaltungsort
conf-form-description = Beschreibung
conf-form-description-hint = Erscheint auf der Anmeldeseite.
conf-form-interests = Vorgeschlagene Interessen
conf-form-interests-hint = Erscheinen als Kästchen zum Ankreuzen im Anmeldeformular. Durch Kommas getrennt.
conf-form-language = Sprache der Seiten und E-Mails
conf-form-language-hint = Für Teilnehmende, die keine gewählt haben; auf den Seiten geht die Sprache ihres Browsers vor.
conf-form-tables-hint = Die Größe, die Tische neuer Treffen bekommen, sofern Sie nichts anderes angeben.
conf-form-open-now = Anmeldung sofort öffnen
conf-form-create = Konferenz anlegen

## Das Formular für Treffen
mform-new-series = Neue Reihe
mform-edit-intro = Hat es einen veröffentlichten Plan, bekommen alle Platzierten eine E-Mail, wenn sich Zeit, Name oder Ort ändern. Die Tische lassen sich dann nicht mehr ändern.
mform-series-intro = Mehrere Runden eines Treffens, zum Beispiel ein Mittagessen an jedem Tag. In einer Reihe trifft niemand dieselbe Person zweimal, wenn es sich vermeiden lässt. Alle Runden werden zusammen angelegt oder keine.
mform-each-round = Jede Runde
mform-the-meetup = Das Treffen
mform-name-hint-series = Die Runden werden danach benannt: Mittagessen, Runde 1; Mittagessen, Runde 2 …
mform-series = Reihe
mform-series-hint-series = Die Runden einer Reihe teilen diese Bezeichnung. Leer lassen, um den Namen zu verwenden.
mform-series-hint = Treffen mit derselben Reihenbezeichnung werden so platziert, dass sich niemand zweimal trifft. Freiwillig.
mform-starts = Beginn
mform-starts-first = Beginn (erste Runde)
mform-ends = Ende
mform-ends-first = Ende (erste Runde)
mform-local-time = Ortszeit, { $zone }.
mform-rounds = Runden
mform-rounds-hint = 2 bis { $max }.
mform-days-apart = Tage zwischen den Runden
mform-days-apart-hint = Jede Runde zur selben Ortszeit.
mform-location = Ort
mform-opt-in-only = Nur wer sich einträgt, nimmt teil (sonst alle, die sich nicht austragen)
mform-table-count = Anzahl der Tische
mform-table-count-hint = Wenn Sie die Anzahl oder die Größen ändern, werden die Tische durch entsprechend viele gleiche ersetzt (Table 1, Table 2 …).
mform-create-series = Reihe anlegen
mform-create-meetup = Treffen anlegen

## Ein Treffen
meetup-new = Neues Treffen
meetup-tables = Tische
meetup-tables-seats = { $tables ->
    [one] { $tables } Tisch
   *[other] { $tables } Tische
}, bis zu { $seats } Plätze
meetup-seating = Sitzplan:
meetup-cancelled-notice = <strong>Dieses Treffen wurde abgesagt.</strong> Es lässt sich nicht mehr berechnen, veröffentlichen oder beitreten; die Teilnehmenden sehen es nicht mehr.
meetup-edit-link = Dieses Treffen bearbeiten
meetup-cancel-link = Dieses Treffen absagen
meetup-refused = Das hat nicht geklappt
meetup-before-run = Bevor Sie die Platzierung starten
meetup-people-taking-part = Teilnehmende Personen
meetup-seats-filled = Plätze, die ein gültiger Plan besetzt
meetup-seats-range = { $min } bis { $max }
meetup-repeats-forced = Paare, die sich zwangsläufig wieder treffen
meetup-because-of = (wegen { $what })
meetup-feasible = Alle Teilnehmenden können platziert werden.
meetup-infeasible = Noch gibt es keinen gültigen Plan:
meetup-without-table = Ohne Tisch: { $people }
meetup-draft = Entwurf
meetup-draft-version = Version { $version }. Wenn Sie ihn veröffentlichen, bekommen alle ihren Tisch und ihre Tischnachbarn per E-Mail.
meetup-publish = Veröffentlichen
meetup-publish-series = Die ganze Reihe veröffentlichen
meetup-series-text = Dieser Entwurf stammt aus einer Berechnung, die { $count } Treffen platziert hat. Veröffentlichen Sie sie zusammen, bekommt jede Person eine E-Mail mit all ihren Tischen und einer Kalendereinladung je Treffen.
meetup-series-draft-version = Entwurf Version { $version }
meetup-see-draft = Diagramm und Tische des Entwurfs ansehen
meetup-no-draft = Kein Entwurf. Starten Sie die Platzierung, um einen zu erstellen.
meetup-published = Veröffentlichter Plan
meetup-published-badge = veröffentlicht
meetup-version = Version { $version }.
meetup-download = Herunterladen:
meetup-download-seats-csv = Plätze (CSV)
meetup-download-tables-csv = Tische (CSV)
meetup-download-seats-json = Plätze (JSON)
meetup-download-cards = Tischkarten zum Drucken
meetup-see-published = Diagramm und Tische des veröffentlichten Plans ansehen
meetup-nothing-published = Noch nichts veröffentlicht.
meetup-state-none = kein Plan
meetup-state-published-draft = veröffentlicht, mit neuerem Entwurf
meetup-state-draft = Entwurf
meetup-state-published = veröffentlicht
meetup-state-cancelled = abgesagt

## Kennzahlen, Diagramm und Tische eines Plans
plan-people-seated = Platzierte Personen
plan-mutual-met = Erfüllte gegenseitige Kennenlernwünsche
plan-of = { $met } von { $possible }
plan-repeats = Paare, die sich wieder treffen
plan-alone = Personen allein an einem Tisch
plan-no-shared = Personen ohne gemeinsames Interesse mit ihrem Tisch
plan-pages-of-draft = Seiten der Tische des Entwurfs
plan-pages-of-published = Seiten der Tische des veröffentlichten Plans
plan-previous-tables = Vorherige Tische
plan-next-tables = Nächste Tische
plan-tables-all = Tische { $first }–{ $last } von { $total }.
plan-tables-paged = Tische { $first }–{ $last } von { $total }, { $per_page } pro Seite.
plan-locked = fixiert
plan-shared-interests = Gemeinsame Interessen:
plan-no-shared-interest = Kein gemeinsames Interesse an diesem Tisch.
plan-chart-caption = Der Sitzplan: Jeder Kreis ist ein Tisch, gefärbt nach dem Interesse, das dort am häufigsten geteilt wird (darunter auch genannt). Eine durchgezogene Linie verbindet zwei Personen, die sich beide kennenlernen wollten; eine gestrichelte Linie und ↻ markieren ein Paar, das sich wieder trifft; ⚠ markiert jemanden, der allein sitzt. Die Listen darunter sagen dasselbe in Worten. <a href="{ $href }">Öffnen Sie das Diagramm einzeln</a>, um es zu vergrößern oder darin zu suchen.

## Warum eine Regel des Dienstes nicht ganz gilt (die Hinweise eines Plans)
rule-forced-repeats-series = Mit { $tables } Tischen zu mindestens { $smallest } Plätzen für { $people } Personen wiederholt jede Platzierung mindestens { $floor } Paare, die bei Treffen { $earlier } der Reihe zusammensaßen ({ $earlier_tables } Tische): Ein Tisch kann von jedem dieser Tische höchstens eine Person aufnehmen, ohne dass sich ein Paar wiederholt. Tische für höchstens { $earlier_tables } Personen würden das vermeiden.
rule-forced-repeats-adjusted = Mit { $tables } Tischen zu mindestens { $smallest } Plätzen für { $people } Personen wiederholt jede Platzierung mindestens { $floor } Paare, die bei einem anderen Treffen zusammensaßen ({ $earlier_tables } Tische): Ein Tisch kann von jedem dieser Tische höchstens eine Person aufnehmen, ohne dass sich ein Paar wiederholt. Tische für höchstens { $earlier_tables } Personen würden das vermeiden.
rule-repeats-search = { $repeats ->
        [one] Ein Paar sitzt wieder zusammen
       *[other] { $repeats } Paare sitzen wieder zusammen
    }: Die Suche hat in ihrer Zeit keine Platzierung ohne Wiederholungen gefunden.
rule-repeats-search-forced = { $repeats ->
        [one] Ein Paar sitzt wieder zusammen
       *[other] { $repeats } Paare sitzen wieder zusammen
    }, wo die Tische { $floor } erzwingen: Die Suche hat in ihrer Zeit keine Platzierung gefunden, die näher daran liegt.
rule-repeats-adjusted = { $repeats ->
        [one] Ein Paar sitzt
       *[other] { $repeats } Paare sitzen
    } nach den Änderungen an diesem Plan wieder zusammen; wenn Sie die Platzierung neu starten, kann sie sie trennen.
rule-repeats-adjusted-forced = { $repeats ->
        [one] Ein Paar sitzt
       *[other] { $repeats } Paare sitzen
    } nach den Änderungen an diesem Plan wieder zusammen, wo die Tische { $floor } erzwingen; wenn Sie die Platzierung neu starten, kann sie dem näherkommen.
rule-missed-series = { $missed ->
        [one] Ein Paar, das sich gegenseitig kennenlernen wollte, sitzt
       *[other] { $missed } Paare, die sich gegenseitig kennenlernen wollten, sitzen
    } in dieser Reihe nie zusammen.
rule-missed-search = { $missed } von { $possible } Paaren, die sich gegenseitig kennenlernen wollten, sitzen nicht zusammen: Ihre Tische konnten sie nicht zusammen mit allen aufnehmen, die sie sich gewünscht hatten.
rule-missed-adjusted = { $missed } von { $possible } Paaren, die sich gegenseitig kennenlernen wollten, sitzen nach den Änderungen an diesem Plan nicht zusammen, auch nicht bei einem anderen Treffen.
rule-alone = { $people ->
        [one] Eine Person sitzt
       *[other] { $people } Personen sitzen
    } allein: Ihr Tisch erlaubt eine einzelne Person.

## Die Probleme der Machbarkeitsvorschau
preview-bounds-inverted = Tisch { $table } hat ein Minimum von { $min } über seinem Maximum von { $max }.
preview-too-few = { $people } Personen können die Tische nicht füllen, die mindestens { $seats } brauchen.
preview-too-few-locks = { $people } Personen können die Tische nicht füllen, die mit den Fixierungen mindestens { $seats } brauchen (die Minima der Tische ergeben zusammen { $minimums }).
preview-too-many = { $people } Personen passen nicht an die Tische, die höchstens { $seats } Plätze haben.
preview-too-many-locks = { $people } Personen passen nicht an die Tische, die mit den Fixierungen höchstens { $seats } Plätze haben (die Maxima der Tische ergeben zusammen { $maximums }).
preview-locked-over = { $locked } Personen sind an Tisch { $table } fixiert, der höchstens { $max } Plätze hat.
preview-locked-under = Tisch { $table } ist mit { $locked } Personen fixiert, braucht aber mindestens { $min }.
preview-blocked-together = Zwei Personen, die nicht zusammensitzen dürfen, sind beide an Tisch { $table } fixiert.
preview-no-table = { $name } hat keinen Tisch: An jedem offenen Tisch mit freiem Platz ist jemand fixiert, mit dem { $name } nicht zusammensitzen darf.

## Die Platzierung starten
run-settings = Einstellungen (freiwillig)
run-budget = Zeitbudget in Sekunden
run-budget-hint = Die Platzierung hört auf, sobald sie konvergiert, spätestens aber nach so vielen Sekunden (30, wenn leer, höchstens 300).
run-seed = Startwert
run-seed-hint = Derselbe Startwert und dieselben Teilnehmenden ergeben denselben Plan; leer: ein neuer Startwert aus der Uhr.
run-locked = Fixierte Plätze
run-keep-locks = Dort lassen, wo sie sind
run-free-locks = Von der Platzierung verschieben lassen
run-series = Die ganze Reihe „{ $series }“ zusammen platzieren, damit die Leute bei jedem ihrer Treffen neue Tischnachbarn kennenlernen
run-button = Platzierung starten
run-error-budget = Zeitbudget: Geben Sie eine Anzahl Sekunden an, etwa 30
run-error-locks = Fixierte Plätze: Wählen Sie, ob sie bleiben oder verschoben werden dürfen
run-error-seed = Startwert: Geben Sie eine ganze Zahl ab 0 an oder lassen Sie das Feld leer
run-budget-label = Zeitbudget:
run-seed-label = Startwert:
run-series-label = Reihe:

## Einen Entwurf anpassen
adjust-saved = Ihre Änderung ist als Version { $version } gespeichert. Die Bewertung des Plans ging von { $before } auf { $after } ({ $change }): { $verdict ->
    [better] besser
    [worse] schlechter
   *[unchanged] unverändert
}. Eine höhere Bewertung bedeutet mehr gemeinsame Interessen und mehr erfüllte Kennenlernwünsche.
adjust-tables-changed = Geänderte Tische:
adjust-table-change = { $table } von { $before } auf { $after } ({ $change })
adjust-heading = Den Entwurf anpassen
adjust-how = Verschieben oder fixieren Sie jemanden mit den Formularen unter jedem Tisch.
adjust-how-drag = Verschieben oder fixieren Sie jemanden mit den Formularen unter jedem Tisch oder ziehen Sie einen Namen auf einen anderen Tisch.
adjust-locked-meaning = Ein fixierter Platz bleibt, wo er ist, wenn Sie die Platzierung mit beibehaltenen fixierten Plätzen erneut starten.
adjust-many-tables = Bei { $count } Tischen nehmen die Verschiebe-Formulare die Nummer des Zieltisches (die Nummern stehen in den Namen der Tische; Ihr Browser schlägt sie beim Tippen vor).
adjust-swap-legend = Zwei Personen tauschen
adjust-swap = Tauschen
adjust-swap-with = mit
adjust-swap-many = Um bei { $count } Tischen zwei Personen zu tauschen, verschieben Sie jede an den Tisch der anderen: Ein Entwurf darf die Tischgrößen vorübergehend verletzen, beim Veröffentlichen werden sie geprüft. (Zwei Menüs mit allen Personen würden diese Seite mehrere Megabyte groß machen.)
adjust-move = Verschieben
adjust-move-to = an
adjust-seat-of = Platz von
adjust-locked-suffix = (fixiert)
adjust-lock = Fixieren
adjust-error-person = wählen Sie eine Person
adjust-error-table = wählen Sie den Tisch, an den die Person soll
adjust-error-same = wählen Sie zwei verschiedene Personen zum Tauschen
adjust-error-op = wählen Sie Verschieben, Tauschen, Fixieren oder Lösen
adjust-error-stale = der Plan hat sich geändert, seit Sie die Seite geladen haben; dies ist der aktuelle Plan, nehmen Sie Ihre Änderung also erneut vor, falls sie noch passt
adjust-unlock = Lösen

## Ein Treffen absagen
cancel-title = { $meetup } absagen?
cancel-started = Es hat schon begonnen, daher bekommt niemand eine E-Mail.
cancel-seated = Sein veröffentlichter Plan platziert { $count ->
    [one] { $count } Person
   *[other] { $count } Personen
}. Alle bekommen eine E-Mail, dass das Treffen abgesagt ist, mit einer Absage für ihren Kalender, außer sie haben sich abgemeldet. Noch nicht verschickte Erinnerungen entfallen.
cancel-nobody-told = Noch hat niemand erfahren, wo er oder sie sitzt, daher bekommt niemand eine E-Mail.
cancel-kept = Das Treffen bleibt erhalten und wird als abgesagt markiert. Es lässt sich nicht mehr berechnen, veröffentlichen oder beitreten, und das lässt sich nicht rückgängig machen.
cancel-yes = Ja, Treffen absagen
cancel-no = Nein, zurück

## Sitzplatzberechnungen
jobs-title = Sitzplatzberechnungen und Reparaturen
jobs-newest = Die { $count } neuesten von { $total }, die neuesten zuerst.
jobs-none = Bisher lief noch nichts: Starten Sie die Platzierung auf der Seite eines Treffens.
job-title = Sitzplatzberechnung: { $status }
job-back = Zurück zur Konferenz
job-heading = Sitzplatzberechnung
job-status = Diese Berechnung ist <span class="badge">{ $status }</span>
job-check-again = Erneut prüfen
job-follows = (mit eingeschaltetem JavaScript verfolgt diese Seite die Berechnung von selbst).
job-progress = Fortschritt
job-now = Jetzt
job-step = (Treffen { $step } von { $steps })
job-iterations = Iterationen
job-best-score = Beste Bewertung bisher
job-none-yet = noch keine
job-converged = Konvergiert
job-converged-percent = { $percent } % des Wegs bis zur Abbruchregel
job-elapsed = Vergangene Zeit
job-left = Verbleibende Zeit
job-left-value = höchstens { $left }: Sie hört auf, sobald sie konvergiert, spätestens nach { $budget }
job-budget = Zeitbudget
job-budget-value = { $budget }; sie hört früher auf, wenn sie konvergiert
job-draft-ready = Der neue Entwurf ist fertig.
job-see-draft = Entwurf ansehen
job-see-draft-n = Entwurf ansehen ({ $n })
job-kind-plan = Sitzplatzberechnung
job-status-queued = eingereiht
job-status-running = in Arbeit
job-status-succeeded = abgeschlossen
job-status-failed = fehlgeschlagen
job-phase-checking = prüft, ob alle platziert werden können
job-phase-constructing = erstellt erste Sitzordnungen
job-phase-searching = verbessert die Sitzordnung
job-phase-explaining = erklärt jeden Tisch
job-phase-done = fertig
job-kind-repair = Automatische Reparatur

## Warum eine Platzierung oder Reparatur fehlschlug (der Titel des Auftrags)
job-failed-parameters = Ungültige Auftragsparameter
job-failed-loading = Die Eingaben konnten nicht geladen werden
job-failed-cancelled = Ein Treffen der Platzierung wurde abgesagt
job-failed-unseatable = Die Treffen können nicht mehr platziert werden
job-failed-matcher = Die Platzierung wurde abgebrochen
job-failed-no-plan = Es wurde kein Plan erstellt
job-failed-storing = Die Pläne konnten nicht gespeichert werden
job-failed-repair = Die automatische Reparatur schlug fehl

## Teilnehmende
people-import-link = Teilnehmende aus einer CSV-Datei importieren
people-search = Suchen
people-search-hint = Ein Teil eines Namens, einer E-Mail-Adresse oder einer Organisation.
people-any-status = Jeder Status
people-show-everyone = Alle anzeigen
people-matching = Passende Teilnehmende
people-everyone = Alle
people-showing = Angezeigt: { $first }–{ $last } von { $total }
people-affiliation-hidden = Organisation von der Person verborgen
people-pages = Seiten
people-previous = Vorherige Seite
people-next = Nächste Seite
people-past-last = Diese Seite liegt hinter der letzten der { $total } passenden Teilnehmenden.
people-first-page = Zur ersten Seite
people-no-match = Keine passenden Teilnehmenden.
people-nobody = Bisher hat sich niemand angemeldet.
people-the-address = Die Adresse

## Eine teilnehmende Person
att-add-title = Teilnehmende Person hinzufügen
att-of = Teilnehmende von { $conference }
att-add-intro = Für jemanden, der sich anderswo angemeldet hat, für Speaker oder Gäste. Die Person ist sofort bestätigt und bekommt keine E-Mail von uns.
att-their-details = Angaben zur Person
att-the-attendee = Die teilnehmende Person
att-name = Name
att-hint-email = Hierhin gehen der persönliche Link und die Erinnerungen. Eine neue Adresse gilt, sobald sie bestätigt ist, und die bisherige wird informiert.
att-pending-email = Wartet darauf, dass <strong>{ $pending }</strong> bestätigt wird; bis dahin geht alles an { $email }.
att-hint-role = Zum Beispiel: Speaker, Studentin, Helfer.
att-affiliation-hidden = <strong>Organisation</strong>: von der Person verborgen. Sie bleibt, wie die Person sie eingetragen hat.
att-handles = Handles
att-handles-theirs = Die Handles und wer sie jeweils sehen darf, ändert die Person selbst über ihren persönlichen Link.
att-handles-none = Keine für das Organisationsteam sichtbar.
att-handles-hint = Ein Handle oder ein Profillink je Netzwerk, alles freiwillig.
att-wants = Möchte treffen
att-wants-hint = Menschen, mit denen die Person gern am Tisch säße, über ihr Handle in einem Netzwerk.
att-consent-privacy = Die Person ist einverstanden, dass wir diese Angaben speichern, um sie zu platzieren.
att-consent-emails = Die Person ist mit Erinnerungen und Neuigkeiten per E-Mail einverstanden.
att-consent-storing = Einwilligung zur Speicherung
att-consent-to-emails = Einwilligung zu E-Mails
att-error-consent-privacy = kreuzen Sie das an, sobald die Person zugestimmt hat, dass wir ihre Angaben zum Platzieren speichern
att-add-button = Person hinzufügen
att-added = Die Person ist hinzugefügt und bestätigt.
att-saved = Ihre Änderungen sind gespeichert.

## Teilnehmende importieren
import-title = Teilnehmende importieren
import-done = Importiert
import-done-counts = { $created } hinzugefügt, { $updated } aktualisiert, { $unchanged } schon aktuell, { $skipped } ungültige Zeilen übersprungen.
import-see-attendees = Teilnehmende ansehen
import-nothing-imported = Nichts wurde importiert
import-check-nothing-stored = Prüfung: Noch ist nichts gespeichert
import-refused = { $rejected } von { $rows } Zeilen sind ungültig, daher wurde nichts importiert. Korrigieren Sie sie und prüfen Sie die Datei erneut, oder kreuzen Sie „Ungültige Zeilen überspringen“ an, um die übrigen zu importieren.
import-what-file = Was für eine Datei das ist
import-source = Das ist { $source }.
import-columns-read = Gelesene Spalten
import-column-of-file = Spalte der Datei
import-read-as = Gelesen als
import-field-name = Name
import-field-given_name = Vorname
import-field-family_name = Nachname
import-field-email = E-Mail-Adresse
import-field-order_email = E-Mail-Adresse der Bestellung
import-field-affiliation = Organisation
import-field-role = Rolle
import-field-bio = Kurzbiografie
import-field-x = X-(Twitter-)Handle
import-field-mastodon = Mastodon-Handle
import-field-bluesky = Bluesky-Handle
import-field-linkedin = LinkedIn-Profil
import-field-github = GitHub-Benutzername
import-field-website = Website
import-field-interests = Interessen
import-field-wants = Personen, die sie kennenlernen möchten
import-field-status = Status der Bestellung oder Anmeldung
import-field-privacy_consent = Zustimmung zur Datenschutzerklärung
import-field-email_consent = Zustimmung zu E-Mails
import-privacy-from = Die Einwilligung zur Teilnahme kommt aus der Spalte „{ $column }“: Wer dort zugestimmt hat, ist sofort bestätigt; die anderen werden eingeladen.
import-privacy-none = Die Datei enthält keine Einwilligung zur Teilnahme: Alle Neuen werden per E-Mail eingeladen und nehmen erst teil, wenn sie zustimmen.
import-emails-from = Die Einwilligung zu Erinnerungen und anderen nicht notwendigen E-Mails kommt aus der Spalte „{ $column }“.
import-emails-none = Niemand ist für nicht notwendige E-Mails eingetragen.
import-rows = Zeilen
import-new = Neue Teilnehmende
import-invited = Davon eingeladen, Zustimmung ausstehend
import-updates = Aktualisierungen bereits vorhandener Teilnehmender
import-up-to-date = Schon aktuell
import-invalid-rows = Ungültige Zeilen
import-cancelled-withdrawn = Storniert: abgemeldet
import-cancelled-nobody = Storniert: niemand abzumelden
import-unpaid = Noch nicht bezahlt oder freigegeben: ausgelassen, bis sie es sind
import-unknown-columns = Diese Spalten werden nicht gelesen und ausgelassen: { $columns }.
import-row = Zeile { $row }:
import-row-email = Zeile { $row } ({ $email }):
import-every-row = Jede Zeile
import-outcome-invited = neue Person, eingeladen
import-outcome-confirmed = neue Person, bestätigt
import-outcome-withdrawn = storniert: meldet die Person mit dieser E-Mail-Adresse ab
import-outcome-skipped = storniert: ausgelassen
import-outcome-unpaid = noch nicht bezahlt oder freigegeben: ausgelassen
import-outcome-updated = aktualisiert die Person mit dieser E-Mail-Adresse
import-outcome-unchanged = schon aktuell
import-outcome-invalid = ungültig
import-skip-invalid = Ungültige Zeilen überspringen und die übrigen importieren
import-for-real = Jetzt wirklich importieren
import-check-another = Eine weitere Datei prüfen
import-upload-intro = Laden Sie eine Datei mit Teilnehmenden aus einem anderen Anmeldesystem hoch: einen pretix-Export der Bestelldaten (CSV oder JSON), einen Indico-Export der Angemeldeten (CSV) oder eine eigene CSV-Datei; die Prüfung erkennt, welche es ist. Die Datei wird zuerst geprüft, und nichts wird gespeichert, bis Sie bestätigen: Sie sehen, was jede Zeile bewirken würde, und jedes Problem nach Zeile und Spalte.
import-file = CSV-Datei
import-file-hint = UTF-8-Text, bis zu { $limit }, getrennt durch Kommas, Semikolons oder Tabulatoren, mit einer Kopfzeile.
import-privacy-column = Spalte mit der Einwilligung zur Teilnahme (freiwillig)
import-privacy-column-hint = Die Überschrift (in pretix-JSON die Kennung der Frage) einer Frage, die nach der Zustimmung gefragt hat, mit anderen an einen Tisch gesetzt zu werden. Ohne sie gilt niemand als einverstanden: Alle Neuen werden eingeladen zuzustimmen.
import-emails-column = Spalte mit der Einwilligung zu Erinnerungen (freiwillig)
import-paste = Oder fügen Sie die Zeilen ein
import-check = Datei prüfen
import-columns = Spalten
import-columns-intro = Die Kopfzeile benennt die Spalten, in beliebiger Reihenfolge und Schreibweise. Andere Spalten werden ausgelassen und in der Prüfung aufgeführt.
import-columns-rules = pretix- und Indico-Dateien werden mit ihren eigenen Spaltennamen gelesen. Stornierte Bestellungen und zurückgezogene Anmeldungen melden die Person mit dieser E-Mail-Adresse ab. Alle Neuen bekommen eine E-Mail mit ihrem persönlichen Link, um ihr Profil zu vervollständigen; wer laut Datei nicht eingewilligt hat, wird eingeladen und weder platziert noch jemandem gezeigt, bis er oder sie zustimmt. Bei bereits Angemeldeten (dieselbe E-Mail-Adresse) ersetzen die Spalten der Datei das Gespeicherte; eine leere Zelle löscht es. Eine Zeile, deren E-Mail-Adresse oder Handle zweimal in der Datei steht oder deren Handle zu einer anderen Person gehört, ist ungültig.
import-the-file = Die Datei: { $message }
import-error-too-large = ist größer als die { $size } KB, die diese Seite annimmt; teilen Sie sie auf oder senden Sie sie an die API
import-error-not-utf8 = ist kein UTF-8-Text
import-error-empty = wählen Sie eine CSV-Datei oder fügen Sie ihre Zeilen unten ein
import-source-tablemates = eine tablemates-CSV-Datei
import-source-pretix-csv = ein pretix-Export der Bestelldaten (CSV)
import-source-pretix-json = ein pretix-Export der Bestelldaten (JSON)
import-source-indico = ein Indico-Export der Angemeldeten (CSV)
import-col-name = name (oder full name)
import-col-name-meaning = Pflicht.
import-col-email = email (oder e-mail, email address)
import-col-email-meaning = Pflicht. Wer mit dieser Adresse schon angemeldet ist, wird aktualisiert, nicht doppelt angelegt.
import-col-affiliation = affiliation (oder company, organization)
import-col-affiliation-meaning = Freiwillig.
import-col-role = role (oder title, job title)
import-col-role-meaning = Freiwillig.
import-col-bio = bio
import-col-bio-meaning = Freiwillig.
import-col-handles = x (oder twitter), mastodon, bluesky, linkedin, github, website (oder url, homepage)
import-col-handles-meaning = Ein Handle oder Profillink je Netzwerk, alles freiwillig.
import-col-interests = interests
import-col-interests-meaning = Getrennt durch Kommas, Semikolons oder senkrechte Striche: rust; compilers | bread baking.
import-col-wants = wants (oder want to meet)
import-col-wants-meaning = Menschen, die die Person treffen möchte, nach Netzwerk: github:ada x:@grace @bob@hachyderm.io, oder Profillinks.

## E-Mails
emails-title = E-Mails
emails-intro = Jede E-Mail an die Teilnehmenden dieser Konferenz und der Stand ihrer Zustellung, die neuesten zuerst. Eine fehlgeschlagene E-Mail lässt sich erneut senden.
emails-filters-wrong = Diese Filter funktionieren nicht
emails-any = alle
emails-kind = Art
emails-recipient = Empfänger enthält
emails-show = Anzeigen
emails-range = { $first }–{ $last } von { $total }.
emails-sent = gesendet am { $at }
emails-attempts = { $count ->
    [one] { $count } Versuch
   *[other] { $count } Versuche
}
emails-last-error = Letzter Fehler: { $error }
emails-retry = Erneut senden
emails-retry-which = – { $kind } an { $recipient }
emails-pages = Seiten der E-Mails
emails-newer = Neuere
emails-older = Ältere
emails-none = Keine passende E-Mail.
emails-retried = Die E-Mail ist wieder eingereiht und geht gleich hinaus.
emails-not-failed = Diese E-Mail ist nicht mehr fehlgeschlagen, es gab also nichts erneut zu senden.
outbox-status-pending = ausstehend
outbox-status-sent = gesendet
outbox-status-failed = fehlgeschlagen
outbox-status-skipped = übersprungen
outbox-status-cancelled = abgebrochen
outbox-kind-registration_confirmation = Anmeldebestätigung
outbox-kind-already_registered = Bereits angemeldet
outbox-kind-access_link = Zugangslink
outbox-kind-withdrawal_confirmation = Abmeldebestätigung
outbox-kind-table_introduction = Tischvorstellung
outbox-kind-table_changed = Tischänderung
outbox-kind-meetup_reminder = Erinnerung an ein Treffen
outbox-kind-meetup_cancelled = Absage eines Treffens
outbox-kind-meetup_changed = Änderung eines Treffens
outbox-kind-organizer_sign_in = Anmeldung des Organisationsteams
outbox-kind-email_change_confirmation = Bestätigung einer neuen E-Mail-Adresse
outbox-kind-email_change_notice = Hinweis auf eine neue E-Mail-Adresse
outbox-kind-import_invitation = Einladung nach einem Import

## Webhooks
hooks-title = Webhooks
hooks-intro = Adressen, die die Ereignisse dieser Konferenz als signierte HTTP-Anfragen erhalten (Standard Webhooks), mit dem, was an jede zugestellt wurde, das Neueste zuerst.
hooks-not-added = Der Endpunkt wurde nicht hinzugefügt
hooks-added-secret = Der Endpunkt ist hinzugefügt. Sein Signaturgeheimnis wird nur dieses eine Mal gezeigt; bewahren Sie es dort auf, wo der Empfänger es lesen kann:
hooks-enabled = aktiv
hooks-disabled = inaktiv
hooks-latest = Letzte Zustellungen ({ $count } von { $total })
hooks-event = Ereignis
hooks-attempts = Versuche
hooks-last-answer = Letzte Antwort
hooks-queued = Eingereiht
hooks-nothing-delivered = Noch nichts zugestellt.
hooks-remove = Entfernen
hooks-remove-which = den Endpunkt { $url }
hooks-none = Noch kein Endpunkt.
hooks-add-heading = Einen Endpunkt hinzufügen
hooks-url = URL
hooks-events = Ereignisse
hooks-add-button = Endpunkt hinzufügen
hooks-removed = Der Endpunkt ist entfernt, mit seinem Zustellprotokoll.
delivery-status-pending = ausstehend
delivery-status-delivered = zugestellt
delivery-status-failed = fehlgeschlagen

## Die Legende des Sitzplans
chart-mostly = meist { $interest }
chart-mostly-other = meist ein anderes Interesse
chart-no-shared = kein gemeinsames Interesse
chart-mutual = wollten sich beide treffen
chart-repeat = ↻ trifft sich wieder
chart-alone = ⚠ allein am Tisch

## Die gedruckten Tischkarten (die Teilnehmenden lesen sie)
cards-title = Tischkarten · { $meetup }
cards-heading = Tischkarten: { $meetup }
cards-print = { $count ->
    [one] { $count } Tisch
   *[other] { $count } Tische
}. Drucken Sie diese Seite: zwei Karten pro A4-Blatt, wenn sie passen, keine über zwei Blätter verteilt; diese Zeile wird nicht gedruckt.
cards-talk-about = Gesprächsthemen: { $topics }
