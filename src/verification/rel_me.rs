//! Finds `rel="me"` links in HTML: the addresses of `<a>` and `<link>` elements whose `rel`
//! lists `me`. A scanner, not a parser: it reads start tags and their attributes, which is all
//! the IndieWeb convention uses, and never runs or fetches anything.

/// The `href` of every `<a>` or `<link>` whose `rel` includes `me`, entities in it decoded.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if name != "a" && name != "link" {
            continue;
        }
        let (attrs, after) = attributes(&rest[name_end..]);
        rest = after;
        let rel_me = attrs.iter().any(|(k, v)| {
            k == "rel"
                && v.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("me"))
        });
        if rel_me && let Some((_, href)) = attrs.iter().find(|(k, _)| k == "href") {
            found.push(decode(href));
        }
    }
    found
}

/// Reads attributes up to the tag's `>`; returns them (names lowercased) and what follows.
fn attributes(mut s: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return (attrs, s);
        }
        if let Some(after) = s.strip_prefix('>') {
            return (attrs, after);
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after_eq) = s.strip_prefix('=') {
            let v = after_eq.trim_start();
            if let Some(quote) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &v[1..];
                let end = body.find(quote).unwrap_or(body.len());
                value = body[..end].to_owned();
                s = body.get(end + 1..).unwrap_or("");
            } else {
                let end = v
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(v.len());
                value = v[..end].to_owned();
                s = &v[end..];
            }
        }
        if name.is_empty() {
            // A stray character: skip it rather than loop on it.
            s = s.get(1..).unwrap_or("");
            continue;
        }
        attrs.push((name, value));
    }
}

/// Decodes the entities an address can carry in HTML.
fn decode(raw: &str) -> String {
    raw.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_owned()
}

/// Whether `href` names `page`: the same address, a trailing slash and the host's case aside.
pub fn names_page(href: &str, page: &str) -> bool {
    let norm = |u: &str| {
        url::Url::parse(u.trim())
            .ok()
            .map(|u| u.as_str().trim_end_matches('/').to_owned())
    };
    matches!((norm(href), norm(page)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rel_me_on_links_and_anchors_in_any_quoting() {
        let html = r#"<html><head><link rel="me" href="https://a.example/v/1">
            <LINK REL='Me Authn' HREF='https://b.example/v/2'/></head>
            <body><a href=https://c.example/v/3 rel=me>c</a>
            <a rel="nofollow noopener noreferrer me" target="_blank" href="https://d.example/v/4?a=1&amp;b=2">d</a>
            <a href="https://e.example/" rel="nofollow">not me</a>
            <abbr rel="me" href="https://f.example/">not a link</abbr>
            <a rel="meme" href="https://g.example/">not me either</a></body></html>"#;
        assert_eq!(
            links(html),
            [
                "https://a.example/v/1",
                "https://b.example/v/2",
                "https://c.example/v/3",
                "https://d.example/v/4?a=1&b=2",
            ]
        );
    }

    #[test]
    fn survives_broken_markup() {
        for html in [
            "<a",
            "<a rel=\"me",
            "<a rel=me href=",
            "<<<>>>",
            "<a =x rel=me href=y>",
        ] {
            let _ = links(html);
        }
        assert_eq!(links("<a =x rel=me href=y>"), ["y"]);
    }

    #[test]
    fn page_addresses_compare_without_trailing_slash_or_host_case() {
        assert!(names_page(
            "https://Tables.example/v/ab/",
            "https://tables.example/v/ab"
        ));
        assert!(!names_page(
            "https://tables.example/v/abc",
            "https://tables.example/v/ab"
        ));
        assert!(!names_page(
            "http://tables.example/v/ab",
            "https://tables.example/v/ab"
        ));
        assert!(!names_page("not a url", "https://tables.example/v/ab"));
    }
}
