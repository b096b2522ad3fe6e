//! pretix orders as a table: the "Order data (JSON)" export (`{"event": {"questions": [...],
//! "orders": [...]}}`) and the orders of the REST API (`{"results": [...]}`) become one row per
//! ticket, with the columns the CSV export has (`Order code`, `Status`, `Email`, `Attendee
//! name`, `Attendee email`, `Company`) and one column per question, named by the question's
//! identifier. Add-on positions (a workshop bought with a ticket) are not people and are left
//! out; a cancelled order or position says so in `Status`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::import_sources::Table;
use crate::error::Error;

/// The top level is checked strictly (a typo in it is not silently an empty file); inside,
/// pretix's objects have many more fields than are read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Export {
    event: Option<Event>,
    count: Option<u64>,
    next: Option<String>,
    previous: Option<String>,
    /// A page of the REST API's order list.
    results: Option<Vec<Order>>,
    /// Orders at the top level, as some hand-made exports have them.
    orders: Option<Vec<Order>>,
    questions: Vec<Question>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Event {
    questions: Vec<Question>,
    orders: Vec<Order>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Question {
    id: i64,
    identifier: Option<String>,
}

/// An order as the JSON export and the REST API both write it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Order {
    pub code: String,
    /// `n` pending, `p` paid, `e` expired, `c` cancelled (`r` refunded in old versions).
    pub status: String,
    pub email: Option<String>,
    pub positions: Vec<Position>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Position {
    pub attendee_name: Option<String>,
    /// `{"_scheme": "given_family", "given_name": "Ada", "family_name": "Lovelace"}`.
    pub attendee_name_parts: Option<BTreeMap<String, serde_json::Value>>,
    pub attendee_email: Option<String>,
    pub company: Option<String>,
    pub addon_to: Option<i64>,
    /// Only in API answers asked with `include_canceled_positions`.
    pub canceled: bool,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Answer {
    pub question: i64,
    pub question_identifier: Option<String>,
    pub answer: String,
}

const FIXED: [&str; 6] = [
    "Order code",
    "Status",
    "Email",
    "Attendee name",
    "Attendee email",
    "Company",
];

/// Reads a JSON body as pretix orders; anything else is a 422 naming the body.
pub fn parse(body: &[u8]) -> Result<Table, Error> {
    let export: Export = serde_json::from_slice(body)
        .map_err(|e| Error::field("body", format!("is not a pretix order export (JSON): {e}")))?;
    let (questions, orders) = match export {
        Export {
            event: Some(event), ..
        } => (event.questions, event.orders),
        Export {
            results: Some(orders),
            questions,
            ..
        }
        | Export {
            orders: Some(orders),
            questions,
            ..
        } => (questions, orders),
        _ => {
            return Err(Error::field(
                "body",
                "is JSON without pretix orders: send pretix's \"Order data (JSON)\" export",
            ));
        }
    };
    let identifiers: HashMap<i64, String> = questions
        .into_iter()
        .filter_map(|q| Some((q.id, q.identifier.filter(|i| !i.is_empty())?)))
        .collect();
    Ok(table(&orders, &identifiers))
}

/// The pages of a pull from pretix's REST API (`{"results": [...]}` each) as one table.
pub fn pages(pages: &[Vec<u8>]) -> Result<Table, Error> {
    let mut orders = Vec::new();
    for page in pages {
        let export: Export = serde_json::from_slice(page).map_err(|e| {
            Error::conflict(
                Some("pretix"),
                format!("pretix's answer is not a page of orders: {e}"),
            )
        })?;
        orders.extend(export.results.unwrap_or_default());
    }
    Ok(table(&orders, &HashMap::new()))
}

/// One order as pretix's API answers it (`GET …/orders/{code}/`), as a table.
pub fn order(body: &[u8]) -> Result<Table, Error> {
    let order: Order = serde_json::from_slice(body).map_err(|e| {
        Error::conflict(
            Some("pretix"),
            format!("pretix's answer is not an order: {e}"),
        )
    })?;
    Ok(table(&[order], &HashMap::new()))
}

/// One row per ticket of `orders`; answers go under their question's identifier (from the
/// answer, else from `identifiers`, else `question <id>`).
pub fn table(orders: &[Order], identifiers: &HashMap<i64, String>) -> Table {
    let question_column = |a: &Answer| {
        a.question_identifier
            .clone()
            .filter(|i| !i.is_empty())
            .or_else(|| identifiers.get(&a.question).cloned())
            .unwrap_or_else(|| format!("question {}", a.question))
    };
    let mut headers: Vec<String> = FIXED.iter().map(|h| (*h).to_owned()).collect();
    for answer in orders
        .iter()
        .flat_map(|o| &o.positions)
        .flat_map(|p| &p.answers)
    {
        let column = question_column(answer);
        if !headers.contains(&column) {
            headers.push(column);
        }
    }
    let mut rows = Vec::new();
    let mut number = 0u64;
    for order in orders {
        for position in &order.positions {
            number += 1;
            if position.addon_to.is_some() {
                continue;
            }
            let status = if position.canceled {
                "c"
            } else {
                order.status.as_str()
            };
            let mut cells = vec![
                order.code.clone(),
                status.to_owned(),
                order.email.clone().unwrap_or_default(),
                attendee_name(position),
                position.attendee_email.clone().unwrap_or_default(),
                position.company.clone().unwrap_or_default(),
            ];
            cells.resize(headers.len(), String::new());
            for answer in &position.answers {
                let column = question_column(answer);
                if let Some(i) = headers.iter().position(|h| *h == column) {
                    cells[i] = answer.answer.clone();
                }
            }
            rows.push((number, cells));
        }
    }
    Table { headers, rows }
}

/// The attendee's name, or the parts of it (given name first) when the export has only those.
fn attendee_name(position: &Position) -> String {
    if let Some(name) = position
        .attendee_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        return name.to_owned();
    }
    let Some(parts) = &position.attendee_name_parts else {
        return String::new();
    };
    let part = |k: &str| parts.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let mut ordered: Vec<&str> = ["title", "given_name", "middle_name", "family_name"]
        .into_iter()
        .map(part)
        .collect();
    if part("given_name").is_empty() && part("family_name").is_empty() {
        ordered = vec![part("full_name")];
    }
    ordered
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_become_rows_and_answers_columns_by_identifier() {
        let body = br#"{"event": {"name": "Conf", "questions": [{"id": 7, "identifier": "SEAT"}],
            "orders": [
              {"code": "AB12C", "status": "p", "email": "buyer@example.org", "positions": [
                {"attendee_name": null, "attendee_name_parts":
                    {"_scheme": "given_family", "given_name": "Ada", "family_name": "Lovelace"},
                 "attendee_email": null, "company": "Analytical", "addon_to": null,
                 "answers": [{"question": 7, "answer": "True"}]},
                {"attendee_name": "Workshop", "addon_to": 1, "answers": []}]},
              {"code": "ZZ99Z", "status": "c", "email": "gone@example.org", "positions": [
                {"attendee_name": "Grace Hopper", "attendee_email": "grace@example.org",
                 "answers": []}]}]}}"#;
        let table = parse(body).expect("parses");
        assert_eq!(table.headers.last().map(String::as_str), Some("SEAT"));
        let rows: Vec<(u64, String)> = table
            .rows
            .iter()
            .map(|(n, cells)| (*n, cells.join("|")))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    1,
                    "AB12C|p|buyer@example.org|Ada Lovelace||Analytical|True".to_owned()
                ),
                (
                    3,
                    "ZZ99Z|c|gone@example.org|Grace Hopper|grace@example.org||".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn json_without_orders_is_refused_naming_the_body() {
        let Err(Error::Validation(errors)) = parse(br#"{"hello": 1}"#) else {
            panic!("a validation error")
        };
        assert_eq!(errors[0].field, "body");
    }
}
