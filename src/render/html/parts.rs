//! Small pieces the report and status pages share: grades as a word and an
//! icon (never colour alone), score bars, the grade bar, and ids.

use std::io::{self, Write};

use crate::score::Grade;

/// A grade as an icon and a word, coloured: `✓ green`.
pub fn grade(grade: Grade) -> String {
    let icon = match grade {
        Grade::Green => "✓",
        Grade::Yellow => "▲",
        Grade::Red => "✗",
    };
    format!("<span class=\"grade {0}\">{icon} {0}</span>", grade.as_str())
}

/// A score from 0 to 1 as a bar, for the eye only: the number is beside it.
pub fn score_bar(score: f64) -> String {
    let percent = (score.clamp(0.0, 1.0) * 100.0).round();
    format!("<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:{percent}%\"></span></span>")
}

/// A score as its number, its bar and its grade: `0.70 ▬▬▬ ▲ yellow`.
pub fn score_and_grade(score: f64, grade_of: Grade) -> String {
    format!("{} {} {}", crate::numbers::two_decimals(score), score_bar(score), grade(grade_of))
}

/// The objectives per grade as one bar, each part labelled with its count
/// and grade, and the whole described for a screen reader.
pub fn grade_bar(out: &mut dyn Write, green: usize, yellow: usize, red: usize) -> io::Result<()> {
    let label = format!("{green} green, {yellow} yellow, {red} red");
    write!(out, "<div class=\"grades\" role=\"img\" aria-label=\"Objectives by grade: {label}\">")?;
    for (count, class, icon) in [(green, "green", "✓"), (yellow, "yellow", "▲"), (red, "red", "✗")] {
        if count > 0 {
            write!(out, "<span class=\"{class}\" style=\"flex-grow:{count}\">{icon} {count} {class}</span>")?;
        }
    }
    writeln!(out, "</div>")
}

/// Ids for the elements that need one (a chart's title and description):
/// a counter, so that the same report gives the same page.
#[derive(Default)]
pub struct Ids {
    next: usize,
}

impl Ids {
    /// `chart-1`, `chart-2`, …
    pub fn next(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{}", self.next)
    }
}
