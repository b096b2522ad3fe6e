# Warum ein Feld abgelehnt wurde, auf den Seiten neben dem Feld. Jede Id ist ein `code` der
# Feldfehler der JSON-API. Zahlen kommen für die Sprache formatiert an (2.000); zitierte Werte
# und Listen von Auswahlwerten so, wie der Client sie geschickt hat.

## Jedes Feld
field-empty = darf nicht leer sein
field-blank = darf nicht nur aus Leerzeichen bestehen
field-too-long = darf höchstens { $max } Zeichen lang sein
field-too-long-count = darf höchstens { $max } Zeichen lang sein (hier sind es { $count })
field-too-long-one-line = darf höchstens { $max } Zeichen lang sein, in einer Zeile
field-length-between = muss { $min } bis { $max } Zeichen lang sein
field-control-characters = muss aus einer Zeile ohne Steuerzeichen bestehen
field-control-characters-multiline = darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten
field-control-characters-any = darf keine Steuerzeichen enthalten
field-one-of = muss einer dieser Werte sein: { $choices }
field-must-be = muss { $value } sein
field-must-be-either = muss { $choices } oder { $last } sein
field-whole-number = muss eine ganze Zahl sein
field-whole-number-between = muss eine ganze Zahl von { $min } bis { $max } sein
field-date = muss ein Datum wie 2026-06-01 sein
field-date-time = muss ein Datum mit Uhrzeit wie 2026-06-01T12:30 sein
field-date-range = muss zwischen { $first } und { $last } liegen
field-time-skipped = gibt es in { $zone } nicht: Dann werden die Uhren vorgestellt
field-uuid = muss eine UUID sein
field-between = muss { $min } bis { $max } sein
field-whole-number-from = muss eine ganze Zahl ab { $min } sein
field-required = muss angegeben werden

## Teilnehmende
field-email-at = muss genau ein @ enthalten, etwa name@example.org
field-email-domain = nach dem @ muss ein Domainname wie example.org stehen
field-email-local-empty = vor dem @ muss ein Name stehen, etwa name@example.org
field-email-local-too-long = der Teil vor dem @ darf höchstens { $max } Zeichen lang sein
field-email-local-characters = darf vor dem @ keine Leerzeichen, unsichtbaren Zeichen, Anführungszeichen, Kommas, Klammern oder ähnliche Zeichen enthalten
field-email-local-dots = der Teil vor dem @ darf nicht mit einem Punkt beginnen oder enden und keine zwei Punkte hintereinander enthalten
field-language = muss en oder de sein
field-visibility = muss nobody, tablemates oder organizer sein
field-attendee-status = muss pending, confirmed oder withdrawn sein
field-network = muss x, mastodon, bluesky, linkedin, github oder website sein
field-verification-method = ist keine bekannte Art der Bestätigung
field-handles-too-many = höchstens ein Handle je Netzwerk ({ $max })
field-handle-too-long = darf ausgeschrieben höchstens { $max } Zeichen lang sein (hier sind es { $count })
field-handle-x = muss aus 1 bis 15 Buchstaben, Ziffern oder Unterstrichen bestehen, wahlweise mit @ davor (oder ein Link wie https://x.com/name sein)
field-handle-github = muss aus 1 bis 39 Buchstaben, Ziffern oder einzelnen Bindestrichen bestehen, nicht mit einem Bindestrich beginnend oder endend (oder ein Link wie https://github.com/name sein)
field-handle-bluesky = muss ein Bluesky-Handle wie name.bsky.social sein, wahlweise mit @ davor, eine DID wie did:plc:… oder did:web:example.com (oder ein Link wie https://bsky.app/profile/name.bsky.social)
field-handle-mastodon = muss wie @name@server.social aussehen (oder ein Link wie https://server.social/@name sein)
field-handle-linkedin = muss ein LinkedIn-Profillink wie https://www.linkedin.com/in/ihr-name sein oder dessen letzter Teil: 3 bis 100 Buchstaben, Ziffern oder Bindestriche
field-handle-website = muss eine Webadresse wie https://example.org sein
field-url-credentials = darf keinen Benutzernamen und kein Passwort enthalten
field-consent-privacy = muss angekreuzt sein: Ohne Ihre Einwilligung können wir Ihre Anmeldung nicht speichern
field-interests-too-many = höchstens { $max } Interessen
field-wanted-too-many = höchstens { $max } Personen
field-handle-network-twice = nur ein Handle je Netzwerk
field-email-fixed = lässt sich über Ihren Link nicht ändern; wenden Sie sich an das Organisationsteam
field-attendees-handles = ändert die Person selbst über ihren persönlichen Link
field-attendees-choice = ändert die Person selbst über ihren persönlichen Link
field-verify-no-handle = Sie haben kein { $network }-Handle, das sich bestätigen ließe; fügen Sie es zuerst hinzu

## Konferenzen, Treffen und Tische
field-slug = muss aus 3 bis 64 Kleinbuchstaben (a–z), Ziffern oder einzelnen Bindestrichen bestehen und darf nicht mit einem Bindestrich beginnen oder enden
field-time-zone = muss der IANA-Name einer Zeitzone sein, etwa Europe/Berlin, America/New_York oder UTC
field-starts-on-after-end = darf nicht nach dem letzten Tag liegen
field-ends-on-before-start = darf nicht vor dem ersten Tag liegen
field-starts-at-after-end = muss vor dem Ende liegen
field-ends-at-before-start = muss nach dem Beginn liegen
field-suggested-interests-too-many = höchstens { $max } vorgeschlagene Interessen
field-table-min = an einem Tisch sitzen mindestens { $min } Personen: Niemand soll allein sitzen
field-table-max = an einem Tisch dürfen höchstens { $max } Personen sitzen
field-table-inverted = die kleinste Tischgröße darf nicht größer sein als die größte
field-table-min-above-max = darf nicht größer sein als die Höchstzahl an einem Tisch
field-table-max-below-min = darf nicht kleiner sein als die Mindestzahl an einem Tisch
field-table-list = muss 1 bis { $max } Tische nennen
field-tables-and-count = nennen Sie entweder die Tische oder ihre Anzahl, nicht beides
field-tables-missing = nennen Sie die Tische oder ihre Anzahl
field-co-organizer-name = mit dieser Adresse organisiert noch niemand: Geben Sie den Namen an, um das Konto anzulegen
field-days-between = muss zwischen { $min } und { $max } liegen

## Platzierungen
field-run-meetups-and-series = nennen Sie entweder Treffen oder eine Reihe, nicht beides
field-run-no-meetup = nennen Sie mindestens ein Treffen oder eine Reihe
field-run-series-empty = zur Reihe „{ $series }“ gehört kein Treffen
field-run-unknown-meetup = diese Konferenz hat kein solches Treffen
field-run-nobody = an „{ $meetup }“ nimmt niemand teil: Dort ist keine bestätigte Person platziert
field-run-too-few = { $meetup }: { $people } Personen reichen nicht für die Tische, die mindestens { $seats } brauchen
field-run-too-many = { $meetup }: { $people } Personen passen nicht an die Tische, an denen höchstens { $seats } Platz haben
field-run-too-few-locks = { $meetup }: { $people } Personen reichen nicht für die Tische, die mit den Fixierungen mindestens { $seats } brauchen (die Minima der Tische ergeben zusammen { $minimums })
field-run-too-many-locks = { $meetup }: { $people } Personen passen nicht an die Tische, die mit den Fixierungen höchstens { $seats } Plätze haben (die Maxima der Tische ergeben zusammen { $maximums })
field-run-bounds-inverted = { $meetup }: Tisch { $table } hat ein Minimum von { $min } über seinem Maximum von { $max }
field-run-locked-over = { $meetup }: { $locked } Personen sind an Tisch { $table } fixiert, der höchstens { $max } Plätze hat
field-run-locked-under = { $meetup }: Tisch { $table } ist mit { $locked } Personen fixiert, braucht aber mindestens { $min }
field-run-blocked-together = { $meetup }: Zwei Personen, die nicht zusammensitzen dürfen, sind beide an Tisch { $table } fixiert
field-run-no-table = { $meetup }: Jemand hat keinen Tisch: An jedem offenen Tisch mit freiem Platz ist jemand fixiert, mit dem diese Person nicht zusammensitzen darf

## Import von Teilnehmenden
field-import-same-email = Zeile { $row } hat dieselbe E-Mail-Adresse
field-import-same-handle = Zeile { $row } hat dasselbe { $network }-Handle
field-import-handle-taken = eine andere Person dieser Konferenz hat schon das { $network }-Handle { $handle }
field-import-handles-theirs = die Handles einer schon angemeldeten Person ändert diese selbst über ihren persönlichen Link; lassen Sie die Zelle, wie sie ist, oder leer
field-import-wanted-network = nennen Sie das Netzwerk, etwa github:ada, x:@ada, mastodon:@ada@example.social, oder geben Sie eine Profil-URL an

## Bestätigung von Handles
field-verify-unsupported = { $network }-Handles lassen sich nicht bestätigen: Das Netzwerk bietet keinen öffentlichen Weg, die Links eines Profils zu lesen
field-verify-github = { $mention } stand weder auf der Website noch in der Bio von github.com/{ $login } noch in den Beschreibungen seiner { $gists } neuesten öffentlichen Gists
field-verify-bluesky-aka = das DID-Dokument von { $did } nennt at://{ $handle } nicht in alsoKnownAs, das Handle gehört also nicht zu diesem Konto
field-verify-bluesky-profile = { $mention } stand nicht in der Profilbeschreibung von { $did }
field-verify-bluesky-no-did = weder unter { $url } noch im TXT-Eintrag { $name } (did=did:plc:… oder did=did:web:…) fand sich eine DID
field-verify-bluesky-document = das für { $did } gefundene DID-Dokument gehört nicht zu { $did }
field-verify-txt = der TXT-Eintrag { $name } ließ sich nicht abfragen
field-verify-no-server = { $handle } nennt keinen Server
field-verify-fediverse-rel-me = auf { $profile } fand sich kein Link zu { $url } mit rel="me" (ein Profilfeld, das darauf verlinkt, ergibt einen)
field-verify-fediverse-rel-me-because = auf { $profile } fand sich kein Link zu { $url } mit rel="me" (ein Profilfeld, das darauf verlinkt, ergibt einen): { $reason }
field-verify-site-rel-me = auf { $site } fand sich kein Link zu { $url } mit rel="me"
field-verify-not-web-address = { $url } ist keine Webadresse
field-verify-no-host = { $url } nennt keinen Host
field-verify-fetch = { $url } ließ sich nicht abrufen: { $reason }
field-verify-status = { $url } antwortete mit { $status }
field-verify-read = { $url } ließ sich nicht lesen: { $reason }
field-verify-too-large = { $url } ist größer als { $size } KiB
field-verify-not-json = { $url } antwortete nicht mit JSON

## Webhooks und pretix
field-url-invalid = ist keine URL ({ $reason })
field-url-too-long-encoded = darf prozentkodiert höchstens { $max } Zeichen lang sein
field-url-plain-http = muss eine https-URL sein (dieser Server sendet nichts über einfaches http)
field-url-https = muss eine https-URL sein
field-url-carries-credentials = darf keinen Benutzernamen und kein Passwort enthalten
field-url-fragment = darf kein #Fragment haben
field-url-private = muss auf eine öffentliche Adresse zeigen, keine Loopback-, private oder Link-local-Adresse
field-url-host = muss einen Host nennen
field-webhook-event = { $name } ist kein Ereignis; Ereignisse sind { $events }
field-webhook-events-empty = nennen Sie mindestens ein Ereignis aus { $events }
field-pretix-url = muss eine URL wie https://pretix.eu sein: { $reason }
field-pretix-url-scheme = muss eine http- oder https-URL wie https://pretix.eu sein
field-pretix-slug = muss die Kurzbezeichnung sein, die pretix in seinen Adressen zeigt (Buchstaben, Ziffern, - _ .; höchstens { $max })
field-pretix-token = wird zum Verbinden gebraucht: ein pretix-API-Token, das die Bestellungen der Veranstaltung lesen darf

## Ablehnungen wegen gespeicherter Daten (409-Konflikte)
conflict-email-taken = eine andere teilnehmende Person dieser Konferenz hat diese E-Mail-Adresse
conflict-handle-taken = das { $network }-Handle { $handle } gehört einer anderen teilnehmenden Person dieser Konferenz
conflict-registration-closed = die Anmeldung für { $conference } ist geschlossen
conflict-tables-published = für dieses Treffen gibt es einen veröffentlichten Plan, der Personen an diese Tische setzt; seine Tische können sich nicht mehr ändern
conflict-cancel-published = für dieses Treffen gibt es einen veröffentlichten Plan; den Teilnehmenden wurde gesagt, wo sie sitzen
conflict-already-organizer = diese Person organisiert diese Konferenz bereits
conflict-owner-stays = wer die Konferenz angelegt hat, bleibt ihr Eigentümer
conflict-retry-not-failed = nur eine fehlgeschlagene E-Mail kann erneut gesendet werden; diese ist { $status ->
        [pending] ausstehend
        [sent] gesendet
        [skipped] übersprungen
        [cancelled] abgebrochen
       *[other] { $status }
    }
conflict-webhook-limit = eine Konferenz hat höchstens { $max } Webhook-Endpunkte
conflict-webhook-disabled = der Endpunkt ist deaktiviert; aktivieren Sie ihn, um seine Zustellungen zu wiederholen
conflict-slug-taken = die Adresse „{ $slug }“ ist schon vergeben
conflict-handle-changed = das Handle hat sich während der Prüfung geändert; bestätigen Sie es erneut
conflict-meetup-cancelled = das Treffen „{ $meetup }“ wurde abgesagt; es kann nicht mehr { $act ->
        [repaired] repariert
        [adjusted] angepasst
        [published] veröffentlicht
        [seated] platziert
        [changed] geändert
       *[other] bearbeitet
    } werden
conflict-adjust-not-draft = dieser Plan ist { $status ->
        [published] veröffentlicht
        [superseded] ersetzt
       *[other] { $status }
    }; nur ein Entwurf kann angepasst werden (ein veröffentlichter Plan ändert sich durch Reparatur)
conflict-plan-changed = der Plan hat sich seit Version { $version } geändert; laden Sie ihn neu und versuchen Sie es noch einmal
conflict-publish-not-draft = dieser Plan ist { $status ->
        [published] veröffentlicht
        [superseded] ersetzt
       *[other] { $status }
    }; nur ein Entwurf kann veröffentlicht werden
conflict-roster-changed = der Plan passt nicht mehr zu den Teilnehmenden: { $joined } sind hinzugekommen und { $left } weggefallen, seit er erstellt wurde; starten Sie die Platzierung neu
conflict-table-out-of-bounds = Tisch { $table } hat { $size } Personen, außerhalb seiner Grenzen { $min }–{ $max }; passen Sie zuerst den Plan an
conflict-repair-not-published = dieser Plan ist { $status ->
        [draft] ein Entwurf
        [superseded] ersetzt
       *[other] { $status }
    }; nur der veröffentlichte Plan wird repariert (starten Sie für einen Entwurf die Platzierung neu)
conflict-repair-raced = der Plan hat sich während der Reparatur geändert; versuchen Sie es noch einmal
