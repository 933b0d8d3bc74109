//! `okr checkin` on generated valid documents: the fuzz input chooses the
//! layout (block or flow key results, key order, indentation, quoting,
//! comments, blank lines, block-scalar notes, extension keys, CRLF, a
//! missing final newline), a key result and the value to record. The edit
//! must succeed, read back, pass the checks, change the model in exactly the
//! fields asked for, and leave every byte outside that key result as it was.

#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use okr::config::Config;
use okr::edit::checkin::{plan, Request};
use okr::model::{Document, Num};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Progress,
    AtLeast,
    AtMost,
    Milestone,
}

/// Small, exactly representable numbers in the forms YAML 1.2 reads.
fn number(u: &mut Unstructured) -> Result<(f64, String)> {
    let whole = f64::from(u.int_in_range(-1000i32..=1000)?);
    Ok(match u.int_in_range(0u8..=5)? {
        0 => (whole / 4.0, format!("{}", whole / 4.0)),
        1 if whole >= 0.0 => (whole, format!("+{whole}")),
        2 => (whole, format!("{whole}.0")),
        3 if whole >= 0.0 => (whole, format!("0x{:X}", whole as i64)),
        4 => (whole, format!("{whole}e0")),
        _ => (whole, format!("{whole}")),
    })
}

/// Text that YAML reads back as `text`, in one of its styles.
fn styled(u: &mut Unstructured, text: &str, flow: bool) -> Result<String> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => format!("'{}'", text.replace('\'', "''")),
        1 => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        _ if text.starts_with(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c))
            || text.contains(": ")
            || text.contains(" #")
            || (flow && text.contains([',', '{', '}', '[', ']'])) =>
        {
            format!("'{}'", text.replace('\'', "''"))
        }
        _ => text.to_owned(),
    })
}

const WORDS: &[&str] = &["Ship", "the", "new", "pipeline", "ünïcode ✓", "edge", "done", "x: y", "a # b", "Café"];

fn title(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(1usize..=4)?;
    let mut words = Vec::new();
    for _ in 0..n {
        words.push(*u.choose(WORDS)?);
    }
    Ok(words.join(" "))
}

fn comment(u: &mut Unstructured) -> Result<String> {
    Ok(if u.ratio(1u8, 3)? { format!("  # {}", u.choose(WORDS)?) } else { String::new() })
}

/// One key result's fields as (key, written value) pairs, in some order.
fn key_result(u: &mut Unstructured, id: &str, kind: Kind, flow: bool) -> Result<Vec<(String, String)>> {
    let mut fields = vec![("id".to_owned(), id.to_owned())];
    let t = title(u)?;
    fields.push(("title".into(), styled(u, &t, flow)?));
    match kind {
        Kind::Progress => {
            let (start, s) = number(u)?;
            let (mut target, mut t) = number(u)?;
            if target == start {
                target = start + 1.0;
                t = format!("{target}");
            }
            let _ = target;
            fields.push(("start".into(), s));
            fields.push(("target".into(), t));
            if u.arbitrary()? {
                fields.push(("current".into(), number(u)?.1));
            }
        }
        Kind::AtLeast | Kind::AtMost => {
            let key = if matches!(kind, Kind::AtLeast) { "at_least" } else { "at_most" };
            fields.push((key.into(), number(u)?.1));
            if u.arbitrary()? {
                fields.push(("current".into(), number(u)?.1));
            }
        }
        Kind::Milestone => fields.push(("done".into(), if u.arbitrary()? { "true" } else { "false" }.into())),
    }
    if u.ratio(1u8, 3)? {
        fields.push(("confidence".into(), format!("{}", f64::from(u.int_in_range(0u8..=10)?) / 10.0)));
    }
    if u.ratio(1u8, 4)? {
        fields.push(("weight".into(), format!("{}", u.int_in_range(1u8..=5)?)));
    }
    if u.ratio(1u8, 4)? {
        fields.push(("unit".into(), styled(u, "%", flow)?));
    }
    if u.ratio(1u8, 4)? {
        let t = title(u)?;
        fields.push(("note".into(), styled(u, &t, flow)?));
    }
    // Any order: the id need not come first.
    let n = fields.len();
    for i in 0..n {
        let j = u.int_in_range(i..=n - 1)?;
        fields.swap(i, j);
    }
    Ok(fields)
}

struct Layout {
    kr_indent: usize,
}

fn render_key_result(
    u: &mut Unstructured,
    text: &mut String,
    layout: &Layout,
    fields: &[(String, String)],
    flow: bool,
) -> Result<()> {
    let pad = " ".repeat(layout.kr_indent);
    if flow {
        let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        if u.arbitrary()? {
            // Split over lines, still one flow mapping.
            let inner = format!("\n{pad}    ");
            text.push_str(&format!("{pad}- {{{}}}{}\n", parts.join(&format!(",{inner}")), comment(u)?));
        } else {
            text.push_str(&format!("{pad}- {{{}}}{}\n", parts.join(", "), comment(u)?));
        }
        return Ok(());
    }
    let inner = " ".repeat(layout.kr_indent + 2);
    for (i, (key, value)) in fields.iter().enumerate() {
        let lead = if i == 0 { format!("{pad}- ") } else { inner.clone() };
        if key == "note" && u.ratio(1u8, 3)? {
            // A block scalar note.
            let body = value.trim_matches(['\'', '"']);
            text.push_str(&format!("{lead}{key}: |{}\n{inner}  {body}\n{inner}  more\n", comment(u)?));
            continue;
        }
        text.push_str(&format!("{lead}{key}: {value}{}\n", comment(u)?));
        if u.ratio(1u8, 8)? {
            text.push_str(&format!("{}# a comment line\n", " ".repeat(u.int_in_range(0usize..=inner.len())?)));
        }
    }
    if u.ratio(1u8, 5)? {
        text.push_str(&format!("{inner}x-meta:\n{inner}  deep: [1, 2]\n{inner}  more: text\n"));
    }
    if u.ratio(1u8, 5)? {
        text.push('\n');
    }
    Ok(())
}

/// A valid document and the (objective, key result, kind) of each key result.
fn document(u: &mut Unstructured) -> Result<(String, Vec<(String, String, Kind)>)> {
    let indent = *u.choose(&[0usize, 2, 4])?;
    let layout = Layout { kr_indent: indent + 2 + *u.choose(&[0usize, 2])? };
    let mut text = String::new();
    if u.arbitrary()? {
        text.push_str("# yaml-language-server: $schema=okr.schema.json\n");
    }
    if u.ratio(1u8, 5)? {
        text.push_str("---\n");
    }
    let mut head = vec!["team: t\n".to_owned(), "period: 2026-Q3\n".to_owned()];
    if u.arbitrary()? {
        head.push("version: 1\n".into());
    }
    if u.arbitrary()? {
        head.push("owner: \"@dana\"\n".into());
    }
    if u.ratio(1u8, 4)? {
        head.push("x-links:\n  - a\n  - b\n".into());
    }
    for i in 0..head.len() {
        let j = u.int_in_range(i..=head.len() - 1)?;
        head.swap(i, j);
    }
    for line in head {
        text.push_str(&line);
    }
    text.push_str("objectives:\n");
    let mut all = Vec::new();
    let pad = " ".repeat(indent);
    let kinds = [Kind::Progress, Kind::AtLeast, Kind::AtMost, Kind::Milestone];
    for o in 0..u.int_in_range(1usize..=3)? {
        let objective = format!("o{o}");
        let t = title(u)?;
        let t = styled(u, &t, false)?;
        text.push_str(&format!("{pad}- id: {objective}\n{pad}  title: {t}\n{pad}  kind: committed\n"));
        let flow_list = u.ratio(1u8, 6)?;
        let count = u.int_in_range(2usize..=5)?;
        if flow_list {
            let mut items = Vec::new();
            for k in 0..count {
                let id = format!("k{k}");
                let kind = *u.choose(&kinds)?;
                let fields = key_result(u, &id, kind, true)?;
                let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                items.push(format!("{{{}}}", parts.join(", ")));
                all.push((objective.clone(), id, kind));
            }
            text.push_str(&format!("{pad}  key_results: [{}]{}\n", items.join(&format!(",\n{pad}    ")), comment(u)?));
        } else {
            text.push_str(&format!("{pad}  key_results:{}\n", comment(u)?));
            for k in 0..count {
                let id = format!("k{k}");
                let kind = *u.choose(&kinds)?;
                let flow = u.ratio(1u8, 3)?;
                let fields = key_result(u, &id, kind, flow)?;
                render_key_result(u, &mut text, &layout, &fields, flow)?;
                all.push((objective.clone(), id, kind));
            }
        }
    }
    if u.ratio(1u8, 4)? {
        text.push_str("health:\n  - id: up\n    title: Up\n    at_least: 99\n");
    }
    if u.ratio(1u8, 6)? {
        text.push_str("# the end\n");
    }
    if u.ratio(1u8, 5)? {
        while text.ends_with('\n') {
            text.pop();
        }
    }
    if u.ratio(1u8, 4)? {
        text = text.replace('\n', "\r\n");
    }
    Ok((text, all))
}

fn load(text: &str) -> (Option<Document>, usize) {
    let workspace = okr::load::one_file("f.okr.yaml", text.as_bytes().to_vec());
    let errors = okr::check::run(&workspace, &Config::default())
        .iter()
        .filter(|d| d.severity == okr::findings::Severity::Error)
        .count();
    (workspace.files.into_iter().next().and_then(|f| f.document), errors)
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let (text, all) = document(&mut u)?;
    let (Some(before), 0) = load(&text) else {
        // The generator only means to write valid documents: say which was not.
        panic!("generated an invalid document:\n{text}");
    };
    let (objective, key_result, kind) = u.choose(&all)?.clone();
    let value = match kind {
        Kind::Milestone => if u.arbitrary()? { "true" } else { "false" }.to_owned(),
        _ => number(&mut u)?.1,
    };
    let confidence =
        if u.ratio(1u8, 4)? { Some(format!("{}", f64::from(u.int_in_range(0u8..=20)?) / 20.0)) } else { None };
    let note: Option<String> = if u.ratio(1u8, 4)? { Some(u.arbitrary()?) } else { None };
    let request = Request { value: value.clone(), confidence: confidence.clone(), note: note.clone() };
    let planned = match plan(&text, &objective, &key_result, &request) {
        Ok(planned) => planned,
        Err(message) => panic!("checkin {objective}/{key_result} {value:?} refused: {message}\n{text}"),
    };

    // It reads back and passes the checks.
    let (Some(after), 0) = load(&planned.text) else {
        panic!("the edited file does not pass the checks:\n{}", planned.text);
    };

    // The model changed in exactly the fields asked for.
    let mut expected = before.clone();
    let o = expected.objectives.iter_mut().find(|o| o.id == objective).expect("objective");
    let kr = o.key_results.iter_mut().find(|k| k.id == key_result).expect("key result");
    match kind {
        Kind::Milestone => kr.done = Some(value == "true"),
        _ => kr.current = okr::edit::checkin::number(&value).map(Num),
    }
    if let Some(c) = &confidence {
        kr.confidence = c.parse().ok().map(Num);
    }
    if let Some(n) = &note {
        kr.note = Some(n.clone().into());
    }
    assert!(after == expected, "the model changed more than asked:\n{}\n---\n{}", text, planned.text);

    // Every byte outside the key result is as it was.
    let root = okr::load::yaml::parse(&text).expect("parses");
    let node = okr::edit::set_field::find_key_result(&root, &objective, &key_result).expect("found");
    let start = node.span.byte_range(&text).start;
    let end = okr::edit::extent::line_end(&text, okr::edit::extent::end_of(&text, node));
    let growth = planned.text.len() as isize - text.len() as isize;
    assert_eq!(&planned.text[..start], &text[..start], "bytes before the key result changed");
    let new_end = (end as isize + growth) as usize;
    assert_eq!(&planned.text[new_end..], &text[end..], "bytes after the key result changed");
    // Comments inside the key result survive.
    for line in text[start..end].lines() {
        if let Some(at) = line.find("  # ") {
            assert!(
                planned.text[start..new_end].contains(&line[at..]),
                "comment {:?} lost by {request:?}:\n{text}\n---\n{}",
                &line[at..],
                planned.text
            );
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
