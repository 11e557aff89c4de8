//! CSV with a header row: `question`, `answer`, and optionally `category` and `tags` (separated
//! by commas or semicolons), read with a real CSV parser (quoted commas and newlines, a BOM).

use std::path::Path;

use super::{Document, Imported, malformed};
use crate::error::Error;

pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(question), Some(answer)) = (column("question"), column("answer")) else {
        let missing = if column("question").is_none() {
            "question"
        } else {
            "answer"
        };
        let found: Vec<&str> = header.iter().collect();
        return Err(malformed(
            path,
            1,
            format!(
                "the header has no `{missing}` column (it has: {})",
                found.join(", ")
            ),
        ));
    };
    let (category, tags) = (column("category"), column("tags"));
    let mut document = Document::new(path);
    for name in header.iter().map(str::trim) {
        if !["question", "answer", "category", "tags"]
            .iter()
            .any(|known| name.eq_ignore_ascii_case(known))
        {
            document.note(1, format!("column `{name}`: not imported (faqgen reads question, answer, category and tags)"));
        }
    }
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        let (q, a) = (field(Some(question)), field(Some(answer)));
        if q.is_empty() && a.is_empty() {
            continue;
        }
        if q.is_empty() || a.is_empty() {
            let empty = if q.is_empty() { "question" } else { "answer" };
            return Err(malformed(path, line, format!("the {empty} is empty")));
        }
        let section = Some(field(category))
            .filter(|c| !c.is_empty())
            .map(|c| document.section_named(&c, line));
        if let Some(s) = section {
            document.sections[s].questions += 1;
        }
        document.entries.push(Imported {
            question: q,
            answer: a,
            section,
            tags: field(tags)
                .split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            line,
            ..Imported::default()
        });
    }
    Ok(document)
}

fn csv_error(path: &Path, error: &csv::Error) -> Error {
    let line = error.position().map_or(1, |p| p.line() as usize);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8: save the file as UTF-8".to_string(),
        _ => error.to_string(),
    };
    malformed(path, line, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_commas_newlines_bom_and_tags() {
        let csv = "\u{FEFF}question,answer,category,tags\n\"Why, though?\",\"Line one\nline two\",Basics,\"a; b\"\n";
        let document = read(Path::new("f.csv"), csv.as_bytes()).unwrap();
        let entries = &document.entries;
        assert_eq!(entries[0].question, "Why, though?");
        assert_eq!(entries[0].answer, "Line one\nline two");
        assert_eq!(
            document.sections[entries[0].section.unwrap()].title,
            "Basics"
        );
        assert_eq!(entries[0].tags, ["a", "b"]);
    }

    #[test]
    fn a_missing_column_and_a_short_row_name_their_line() {
        let error = read(Path::new("f.csv"), b"question,reply\nA?,B\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "f.csv:1: the header has no `answer` column (it has: question, reply)"
        );
        let error = read(Path::new("f.csv"), b"question,answer\nA?,B\nC?\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "f.csv:3: this row has 1 fields, the header has 2"
        );
    }
}
