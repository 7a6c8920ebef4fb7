//! Printing a case's results as a Markdown table (pasteable into BENCHMARKS.md).

/// One case's results.
pub struct Section {
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

impl Section {
    pub fn new(title: impl Into<String>, header: &[&'static str]) -> Section {
        Section {
            title: title.into(),
            header: header.to_vec(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The table with padded columns, then its notes.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = (0..columns)
                .map(|i| {
                    let cell = cells.get(i).copied().unwrap_or("");
                    format!(
                        "{cell}{}",
                        " ".repeat(widths[i] - cell.chars().count().min(widths[i]))
                    )
                })
                .collect();
            format!("| {} |\n", padded.join(" | "))
        };
        let mut out = format!("### {}\n\n", self.title);
        out += &line(self.header.clone());
        out += &line(
            widths
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect(),
        );
        for row in &self.rows {
            out += &line(row.iter().map(String::as_str).collect());
        }
        for note in &self.notes {
            out += &format!("\n{note}\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn pads_columns() {
        let mut section = Section::new("T", &["a", "bb"]);
        section.row(vec!["xyz".into(), "1".into()]);
        assert_eq!(
            section.render(),
            "### T\n\n| a   | bb |\n| --- | -- |\n| xyz | 1  |\n"
        );
    }
}
