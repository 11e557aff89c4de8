//! Callouts that other documentation tools write and faqgen's Markdown does not read: VitePress
//! and Docusaurus containers (`::: tip Title` … `:::`) and GitHub alerts (`> [!NOTE]`). Left
//! as they are, they would show as stray `:::` lines and `[!NOTE]` text; they become quotes
//! that open with their label in bold. `::: code-group` only groups code blocks: its fences go.

/// `answer` with its callouts as quotes, and how many were changed.
pub fn rewrite(answer: &str) -> (String, usize) {
    let mut out: Vec<String> = Vec::new();
    let mut changed = 0;
    // The open container: whether its lines are quoted (not for a code group).
    let mut open: Option<bool> = None;
    let mut in_fence: Option<&str> = None;
    for line in answer.lines() {
        let trimmed = line.trim_start();
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            out.push(quoted(line, open));
            continue;
        }
        if let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            in_fence = Some(fence);
            out.push(quoted(line, open));
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let rest = rest.trim();
            match (open, rest.is_empty()) {
                (Some(_), true) => open = None,
                (None, false) => {
                    let (kind, title) = rest.split_once(' ').unwrap_or((rest, ""));
                    changed += 1;
                    if kind == "code-group" {
                        open = Some(false);
                    } else {
                        open = Some(true);
                        out.push(format!("> **{}**", label(kind, title)));
                        out.push(">".to_string());
                    }
                }
                _ => out.push(quoted(line, open)),
            }
            continue;
        }
        if let Some(kind) = trimmed
            .strip_prefix("> [!")
            .and_then(|rest| rest.trim_end().strip_suffix(']'))
            .filter(|kind| kind.chars().all(|c| c.is_ascii_alphabetic()))
        {
            changed += 1;
            out.push(format!("> **{}**", label(&kind.to_ascii_lowercase(), "")));
            continue;
        }
        out.push(quoted(line, open));
    }
    (out.join("\n"), changed)
}

fn quoted(line: &str, open: Option<bool>) -> String {
    match open {
        Some(true) if line.is_empty() => ">".to_string(),
        Some(true) => format!("> {line}"),
        _ => line.to_string(),
    }
}

/// The title a callout gives itself, or its kind, capitalised (`tip` → `Tip`).
fn label(kind: &str, title: &str) -> String {
    let title = title.trim();
    if !title.is_empty() {
        return title.to_string();
    }
    super::capitalized(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_and_alerts_become_quotes() {
        let answer = "Before.\n\n::: tip Dev server\nRun it.\n\n```sh\n:::not a fence end\n```\n:::\n\n::: code-group\n```sh\nnpm i\n```\n:::\n\n> [!NOTE]\n> Read this.";
        let (text, changed) = rewrite(answer);
        assert_eq!(
            text,
            "Before.\n\n> **Dev server**\n>\n> Run it.\n>\n> ```sh\n> :::not a fence end\n> ```\n\n```sh\nnpm i\n```\n\n> **Note**\n> Read this."
        );
        assert_eq!(changed, 3);
    }
}
