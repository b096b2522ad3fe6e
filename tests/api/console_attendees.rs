//! The console's attendee pages as a browser uses them: the list searched, filtered and paged
//! through its GET parameters; what an attendee hid from organizers kept off every page and
//! untouched by an edit; adding and editing with errors shown on the form; the CSV import
//! checked first (nothing stored), then imported; every form guarded by the session and its
//! CSRF token.

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::{Client, Response, StatusCode, redirect};
use serde_json::json;

use crate::console::sign_in;
use crate::helpers::{TestApp, body, registration};
use crate::organizer_console::{csrf_of, get, location, post, text};
use crate::plans::attendees;

const LIST: &str = "/organizer/c/conf/attendees";
const IMPORT: &str = "/organizer/c/conf/attendees/import";

/// Posts a multipart form, as a browser sends a form with a file input: `file` is the
/// uploaded file's text (`None`: no file chosen).
async fn upload(
    app: &TestApp,
    session: &str,
    fields: &[(&str, &str)],
    file: Option<&str>,
) -> Response {
    upload_in(app, session, "en", fields, file).await
}

/// [`upload`] from a browser that asks for `accept_language`.
async fn upload_in(
    app: &TestApp,
    session: &str,
    accept_language: &str,
    fields: &[(&str, &str)],
    file: Option<&str>,
) -> Response {
    let boundary = "----tablematesTestBoundary7MA4YWxkTrZu0gW";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
         Content-Type: {}\r\n\r\n{}\r\n--{boundary}--\r\n",
        if file.is_some() { "people.csv" } else { "" },
        if file.is_some() {
            "text/csv"
        } else {
            "application/octet-stream"
        },
        file.unwrap_or("")
    ));
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url(IMPORT))
        .header(COOKIE, format!("tm_session={session}"))
        .header("accept-language", accept_language)
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("request")
}

/// The console's list page at `query`, expected to answer 200.
async fn list(app: &TestApp, session: &str, query: &str) -> String {
    text(
        get(app, &format!("{LIST}?{query}"), Some(session)).await,
        StatusCode::OK,
    )
    .await
}

/// The names the list page links to, in order.
fn names(page: &str) -> Vec<String> {
    page.split("<ul class=\"people\"")
        .nth(1)
        .map(|list| {
            list.split("</ul>")
                .next()
                .unwrap_or_default()
                .split("/organizer/c/conf/attendees/")
                .skip(1)
                .filter_map(|a| a.split('>').nth(1)?.split('<').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

api_test!(the_attendee_list_is_searched_filtered_and_paged_by_its_address);
async fn the_attendee_list_is_searched_filtered_and_paged_by_its_address(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 12, "Guest").await;
    let res = app
        .register(
            "conf",
            &registration("Pending Person", "pending@example.org"),
        )
        .await;
    body(res, StatusCode::ACCEPTED).await;
    let session = sign_in(&app, &token).await;

    let console = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        console.contains("href=\"/organizer/c/conf/attendees?status=confirmed\""),
        "the counts link to the filtered list: {console}"
    );

    let everyone = list(&app, &session, "").await;
    assert!(everyone.contains("Showing 1–13 of 13"), "{everyone}");
    assert_eq!(names(&everyone).len(), 13);
    assert!(!everyone.contains("rel=\"next\""), "{everyone}");

    let first = list(&app, &session, "status=confirmed&per_page=5").await;
    assert!(first.contains("Showing 1–5 of 12"), "{first}");
    assert_eq!(
        names(&first),
        ["Guest 0", "Guest 1", "Guest 2", "Guest 3", "Guest 4"]
    );
    assert!(!first.contains("rel=\"prev\""), "{first}");
    assert!(
        first.contains("href=\"/organizer/c/conf/attendees?status=confirmed&amp;per_page=5&amp;page=2\" rel=\"next\""),
        "{first}"
    );
    let last = list(&app, &session, "status=confirmed&per_page=5&page=3").await;
    assert!(last.contains("Showing 11–12 of 12"), "{last}");
    assert_eq!(names(&last), ["Guest 10", "Guest 11"]);
    assert!(!last.contains("rel=\"next\""), "{last}");
    assert!(
        last.contains("attendees?status=confirmed&amp;per_page=5&amp;page=2\" rel=\"prev\""),
        "{last}"
    );
    let past = list(&app, &session, "status=confirmed&per_page=5&page=4").await;
    assert!(past.contains("past the last of the 12"), "{past}");
    assert!(
        past.contains("href=\"/organizer/c/conf/attendees?status=confirmed&amp;per_page=5\""),
        "{past}"
    );
    assert!(names(&past).is_empty());

    let pending = list(&app, &session, "status=pending").await;
    assert_eq!(names(&pending), ["Pending Person"]);
    assert!(pending.contains("pending confirmation"), "{pending}");
    assert!(
        pending.contains("<option value=\"pending\" selected>"),
        "the filter stays chosen: {pending}"
    );

    let found = list(&app, &session, "q=guest+1").await;
    assert_eq!(names(&found), ["Guest 1", "Guest 10", "Guest 11"]);
    assert!(
        found.contains("value=\"guest 1\""),
        "the search stays typed: {found}"
    );
    let by_email = list(&app, &session, "q=PENDING%40example").await;
    assert_eq!(names(&by_email), ["Pending Person"]);
    let by_affiliation = list(&app, &session, "q=org+3").await;
    assert_eq!(names(&by_affiliation), ["Guest 3", "Guest 8"]);
    let nobody = list(&app, &session, "q=zzz").await;
    assert!(nobody.contains("No attendee matches"), "{nobody}");

    let invalid = text(
        get(&app, &format!("{LIST}?status=gone&page=0"), Some(&session)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(invalid.contains("Please check these fields"), "{invalid}");
    assert!(invalid.contains("href=\"#f-status\""), "{invalid}");
    assert!(invalid.contains("id=\"status-error\""), "{invalid}");
    assert!(invalid.contains("(page)"), "{invalid}");
    assert!(names(&invalid).is_empty());
}

api_test!(what_an_attendee_hid_from_organizers_is_not_shown_and_survives_an_edit);
async fn what_an_attendee_hid_from_organizers_is_not_shown_and_survives_an_edit(app: TestApp) {
    let token = app.conference("conf").await;
    let created = body(
        app.post(
            "/api/v1/conferences/conf/attendees",
            Some(&token),
            &json!({
                "name": "Quiet Person",
                "email": "quiet@example.org",
                "affiliation": "Secret Lab",
                "handles": [
                    {"network": "github", "handle": "hiddengh", "visibility": "nobody"},
                    {"network": "x", "handle": "openx", "visibility": "organizer"},
                ],
                "interests": ["rust"],
                "visibility": {"affiliation": "nobody"},
                "consents": {"privacy": true},
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    let session = sign_in(&app, &token).await;

    let everyone = list(&app, &session, "").await;
    assert_eq!(names(&everyone), ["Quiet Person"]);
    assert!(!everyone.contains("Secret Lab"), "{everyone}");
    assert!(
        everyone.contains("affiliation hidden by the attendee"),
        "{everyone}"
    );
    let searched = list(&app, &session, "q=secret").await;
    assert!(
        names(&searched).is_empty(),
        "a hidden affiliation is not searched: {searched}"
    );

    let path = format!("{LIST}/{id}");
    let page = text(get(&app, &path, Some(&session)).await, StatusCode::OK).await;
    assert!(!page.contains("Secret Lab"), "{page}");
    assert!(!page.contains("hiddengh"), "{page}");
    assert!(
        page.contains("openx"),
        "the handles organizers may see are listed: {page}"
    );
    assert!(page.contains("hidden by the attendee"), "{page}");
    assert!(!page.contains("name=\"affiliation\""), "{page}");
    assert!(
        !page.contains("name=\"handle_"),
        "handles are the attendee's to change: {page}"
    );

    let csrf = csrf_of(&page);
    let saved = post(
        &app,
        &path,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("name", "Quiet Person"),
            ("email", "quiet@example.org"),
            ("handle_x", "openx2"),
            ("interests", "rust, looms"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), format!("{path}?done=saved"));
    assert_eq!(
        app.count(
            "attendees",
            "affiliation = 'Secret Lab' AND affiliation_visibility = 'nobody'"
        )
        .await,
        1,
        "the hidden affiliation is kept"
    );
    assert_eq!(
        app.count(
            "attendee_handles",
            "network = 'github' AND handle = 'hiddengh' AND visibility = 'nobody'"
        )
        .await,
        1,
        "the hidden handle is kept"
    );
    assert_eq!(
        app.count(
            "attendee_handles",
            "network = 'x' AND handle = 'openx' AND visibility = 'organizer'"
        )
        .await,
        1,
        "a handle posted anyway is ignored: handles are the attendee's to change"
    );
    let after = text(
        get(&app, &format!("{path}?done=saved"), Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(after.contains("Your changes are saved."), "{after}");
    assert!(after.contains("value=\"looms, rust\""), "{after}");
}

api_test!(adding_an_attendee_shows_each_error_on_the_form_then_adds_them);
async fn adding_an_attendee_shows_each_error_on_the_form_then_adds_them(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 1, "Guest").await;
    let session = sign_in(&app, &token).await;
    let form = text(
        get(&app, &format!("{LIST}/new"), Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("<h1>Add an attendee</h1>"), "{form}");
    let csrf = csrf_of(&form);

    let refused = text(
        post(
            &app,
            LIST,
            Some(&session),
            &[
                ("csrf", &csrf),
                ("name", "Ada Lovelace"),
                ("email", "not-an-email"),
                ("handle_github", "-bad-"),
                ("wanted_0_network", "github"),
                ("wanted_0_handle", "grace"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("Please check these fields"), "{refused}");
    assert!(refused.contains("href=\"#f-email\""), "{refused}");
    assert!(refused.contains("id=\"email-error\""), "{refused}");
    assert!(refused.contains("href=\"#f-handle_github\""), "{refused}");
    assert!(refused.contains("href=\"#f-consent_privacy\""), "{refused}");
    assert!(
        refused.contains("Consent to storing: tick this once they agreed"),
        "{refused}"
    );
    assert!(
        refused.contains("value=\"Ada Lovelace\""),
        "values kept: {refused}"
    );
    assert!(
        refused.contains("value=\"grace\""),
        "values kept: {refused}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 1, "nothing stored");

    let duplicate = text(
        post(
            &app,
            LIST,
            Some(&session),
            &[
                ("csrf", &csrf),
                ("name", "Someone Else"),
                ("email", "Guest0@example.org"),
                ("consent_privacy", "yes"),
            ],
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(duplicate.contains("id=\"email-error\""), "{duplicate}");
    assert!(
        duplicate.contains("Another attendee of this conference has this email"),
        "{duplicate}"
    );

    let added = post(
        &app,
        LIST,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("name", "Ada Lovelace"),
            ("email", "ada@example.org"),
            ("affiliation", "Analytical Engines"),
            ("handle_github", "ada"),
            ("interests", "maths, looms"),
            ("wanted_0_network", "github"),
            ("wanted_0_handle", "grace"),
            ("consent_privacy", "yes"),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let to = location(&added).to_owned();
    assert!(
        to.starts_with("/organizer/c/conf/attendees/") && to.ends_with("?done=added"),
        "{to}"
    );
    let page = text(get(&app, &to, Some(&session)).await, StatusCode::OK).await;
    assert!(page.contains("<h1>Ada Lovelace</h1>"), "{page}");
    assert!(
        page.contains("The attendee is added and confirmed."),
        "{page}"
    );
    assert!(page.contains(">confirmed<"), "{page}");
    assert!(page.contains("value=\"Analytical Engines\""), "{page}");
    assert!(
        page.contains("value=\"maths, looms\"") || page.contains("value=\"looms, maths\""),
        "{page}"
    );
    assert_eq!(
        app.count(
            "attendees",
            "email = 'ada@example.org' AND status = 'confirmed'"
        )
        .await,
        1
    );
}

api_test!(editing_an_attendee_shows_errors_on_the_form_and_saves_nothing_until_valid);
async fn editing_an_attendee_shows_errors_on_the_form_and_saves_nothing_until_valid(app: TestApp) {
    let token = app.conference("conf").await;
    let ids = attendees(&app, &token, 2, "Guest").await;
    let session = sign_in(&app, &token).await;
    let path = format!("{LIST}/{}", ids[0]);
    let page = text(get(&app, &path, Some(&session)).await, StatusCode::OK).await;
    assert!(page.contains("value=\"Guest0@example.org\""), "{page}");
    let csrf = csrf_of(&page);

    let refused = text(
        post(
            &app,
            &path,
            Some(&session),
            &[
                ("csrf", &csrf),
                ("name", ""),
                ("email", "guest0@example.org"),
                ("handle_github", "Guest0"),
                ("interests", "rust"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("href=\"#f-name\""), "{refused}");
    assert!(refused.contains("id=\"name-error\""), "{refused}");
    assert_eq!(app.count("attendees", "name = 'Guest 0'").await, 1);

    let taken = text(
        post(
            &app,
            &path,
            Some(&session),
            &[
                ("csrf", &csrf),
                ("name", "Guest Zero"),
                ("email", "guest1@example.org"),
            ],
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(taken.contains("id=\"email-error\""), "{taken}");
    assert!(
        taken.contains("value=\"Guest Zero\""),
        "values kept: {taken}"
    );
    assert_eq!(app.count("attendees", "name = 'Guest Zero'").await, 0);

    let saved = post(
        &app,
        &path,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("name", "Guest Zero"),
            ("email", "zero@example.org"),
            ("handle_github", "Guest0"),
            ("interests", "rust"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let api = body(
        app.get(
            &format!("/api/v1/conferences/conf/attendees/{}", ids[0]),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(api["name"], "Guest Zero");
    assert_eq!(
        api["email"], "Guest0@example.org",
        "a new address waits until it confirms"
    );
    assert_eq!(api["pending_email"], "zero@example.org");
    assert_eq!(api["interests"], json!(["rust"]));
    let shown = text(get(&app, &path, Some(&session)).await, StatusCode::OK).await;
    assert!(shown.contains("id=\"pending-email\""), "{shown}");

    // Saving the form again with the address in use leaves the waiting change alone.
    let resaved = post(
        &app,
        &path,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("name", "Guest Nought"),
            ("email", "Guest0@example.org"),
            ("interests", "rust"),
        ],
    )
    .await;
    assert_eq!(resaved.status(), StatusCode::SEE_OTHER);
    let api = body(
        app.get(
            &format!("/api/v1/conferences/conf/attendees/{}", ids[0]),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(api["name"], "Guest Nought");
    assert_eq!(api["pending_email"], "zero@example.org", "{api}");
}

api_test!(the_attendee_pages_need_a_session_and_their_forms_the_csrf_token);
async fn the_attendee_pages_need_a_session_and_their_forms_the_csrf_token(app: TestApp) {
    let token = app.conference("conf").await;
    let ids = attendees(&app, &token, 1, "Guest").await;
    let path = format!("{LIST}/{}", ids[0]);
    for page in [
        LIST.to_owned(),
        format!("{LIST}/new"),
        IMPORT.to_owned(),
        path.clone(),
    ] {
        let res = get(&app, &page, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{page}");
        assert_eq!(location(&res), "/organizer/sign-in", "{page}");
    }
    let res = post(
        &app,
        LIST,
        None,
        &[("name", "X"), ("email", "x@example.org")],
    )
    .await;
    assert_eq!(location(&res), "/organizer/sign-in");

    let session = sign_in(&app, &token).await;
    let fields = [
        ("name", "Mallory"),
        ("email", "mallory@example.org"),
        ("consent_privacy", "yes"),
    ];
    text(
        post(&app, LIST, Some(&session), &fields).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let wrong = "0".repeat(64);
    let mut forged = fields.to_vec();
    forged.push(("csrf", &wrong));
    text(
        post(&app, LIST, Some(&session), &forged).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    text(
        post(&app, &path, Some(&session), &forged).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    text(
        upload(
            &app,
            &session,
            &[("action", "import")],
            Some("name,email\nM,m@example.org\n"),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(app.count("attendees", "1 = 1").await, 1, "nothing changed");
    assert_eq!(app.count("attendees", "name = 'Guest 0'").await, 1);

    app.conference("other").await;
    text(
        get(&app, "/organizer/c/other/attendees", Some(&session)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    text(
        get(&app, &format!("{LIST}/not-an-id"), Some(&session)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

const FILE: &str = "name,email,company,github,interests,Shoe size\n\
                    Ada Lovelace,ada@example.org,Engines,ada,maths|looms,38\n\
                    Grace Hopper,not-an-email,Navy,grace,compilers,40\n\
                    Alan Turing,alan@example.org,,alan,,42\n\
                    Ada Again,ADA@example.org,,,,39\n";

api_test!(an_import_is_checked_first_storing_nothing_and_then_imported_for_real);
async fn an_import_is_checked_first_storing_nothing_and_then_imported_for_real(app: TestApp) {
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let form = text(get(&app, IMPORT, Some(&session)).await, StatusCode::OK).await;
    assert!(
        form.contains("want to meet"),
        "the columns are documented: {form}"
    );
    let csrf = csrf_of(&form);

    let report = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "check")],
            Some(FILE),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        app.count("attendees", "1 = 1").await,
        0,
        "a check stores nothing"
    );
    assert!(report.contains("Check: nothing is stored yet"), "{report}");
    // Each column of the file, and what it was read as, in the page's words.
    for (column, read_as) in [
        ("company", "Affiliation"),
        ("github", "GitHub username"),
        ("interests", "Interests"),
    ] {
        assert!(
            report.contains(&format!("<tr><td>{column}</td><td>{read_as}</td></tr>")),
            "{column}: {report}"
        );
    }
    assert!(
        report.contains("<dt>New attendees</dt><dd>2</dd>"),
        "{report}"
    );
    assert!(
        report.contains("<dt>Invalid rows</dt><dd>2</dd>"),
        "{report}"
    );
    assert!(
        report.contains("not read and are left out: Shoe size"),
        "{report}"
    );
    assert!(report.contains("Row 3 (not-an-email):"), "{report}");
    assert!(report.contains("<li>email: "), "{report}");
    assert!(report.contains("Row 5 (ADA@example.org):"), "{report}");
    assert!(
        report.contains("row 2 has the same email address"),
        "{report}"
    );
    let carried = report
        .split("name=\"csv\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the text is carried in a hidden field")
        .replace("&#x2f;", "/");
    assert!(
        carried.contains("Ada Lovelace,ada@example.org"),
        "{carried}"
    );

    let refused = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "import"), ("csv", &carried)],
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("Nothing was imported"), "{refused}");
    assert_eq!(app.count("attendees", "1 = 1").await, 0);

    let imported = upload(
        &app,
        &session,
        &[
            ("csrf", &csrf),
            ("action", "import"),
            ("skip_invalid", "yes"),
            ("csv", &carried),
        ],
        None,
    )
    .await;
    assert_eq!(imported.status(), StatusCode::SEE_OTHER);
    let to = location(&imported).to_owned();
    assert!(to.starts_with(&format!("{IMPORT}?done=imported")), "{to}");
    assert_eq!(
        app.count("attendees", "status = 'pending' AND invited_at IS NOT NULL")
            .await,
        2,
        "the file carries no consent: both are invited"
    );
    assert_eq!(
        app.count(
            "attendees",
            "email = 'ada@example.org' AND affiliation = 'Engines'"
        )
        .await,
        1
    );
    let summary = text(get(&app, &to, Some(&session)).await, StatusCode::OK).await;
    assert!(
        summary.contains("2 added, 0 updated, 0 already up to date, 2 invalid rows skipped"),
        "{summary}"
    );
    let mut people = names(&list(&app, &session, "").await);
    people.sort();
    assert_eq!(people, ["Ada Lovelace", "Alan Turing"]);

    let again = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "check")],
            Some("Name;E-Mail;Company\nAda Lovelace;ada@example.org;New Engines\n"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        again.contains("<dt>Updates to attendees already here</dt><dd>1</dd>"),
        "{again}"
    );
    assert!(
        again.contains("updates the attendee with this email"),
        "{again}"
    );
}

api_test!(an_unreadable_or_missing_file_shows_the_form_with_the_reason);
async fn an_unreadable_or_missing_file_shows_the_form_with_the_reason(app: TestApp) {
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let csrf = csrf_of(&text(get(&app, IMPORT, Some(&session)).await, StatusCode::OK).await);

    let nothing = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "check")],
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(nothing.contains("href=\"#f-file\""), "{nothing}");
    assert!(nothing.contains("Choose a CSV file"), "{nothing}");

    let no_email = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "check")],
            Some("name,company\nAda,Engines\n"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(no_email.contains("id=\"file-error\""), "{no_email}");
    assert!(no_email.contains("has no email column"), "{no_email}");

    let pasted = text(
        upload(
            &app,
            &session,
            &[
                ("csrf", &csrf),
                ("action", "check"),
                ("csv", "name,email\nAda,ada@example.org\n"),
            ],
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        pasted.contains("<dt>New attendees</dt><dd>1</dd>"),
        "{pasted}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 0);

    let big = format!("name,email\n{}", "Ada,ada@example.org\n".repeat(120_000));
    let too_large = text(
        upload(
            &app,
            &session,
            &[("csrf", &csrf), ("action", "import")],
            Some(&big),
        )
        .await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert!(
        too_large.contains("is larger than the 2,048 KB"),
        "{too_large}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(a_german_import_report_gives_each_rows_reasons_in_german);
async fn a_german_import_report_gives_each_rows_reasons_in_german(app: TestApp) {
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let csrf = csrf_of(&text(get(&app, IMPORT, Some(&session)).await, StatusCode::OK).await);
    let file = "name,email,wants\n\
                Ada Lovelace,ada@example.org,\n\
                Grace Hopper,not-an-email,sometimes\n\
                Ada Again,ADA@example.org,\n";
    let report = text(
        upload_in(
            &app,
            &session,
            "de",
            &[("csrf", &csrf), ("action", "check")],
            Some(file),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    for german in [
        "sometimes&quot;: nennen Sie das Netzwerk",
        "muss genau ein @ enthalten",
        "Zeile 2 hat dieselbe E-Mail-Adresse",
    ] {
        assert!(report.contains(german), "{german} in {report}");
    }
    for english in ["name the network", "must contain", "has the same email"] {
        assert!(!report.contains(english), "{english} in {report}");
    }
}
