/// results/index.html: README.md's content as one static page. No scripts, no network: inline CSS and
/// images by relative path, so it opens from a checkout or an artifact folder as it is.
///
/// The markup is also well-formed XML (every element closed, only the five XML entities), which lets a
/// test parse it with `XMLParser`.
enum HTMLReport {
  static let style = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1200px;margin:2em auto;\
    padding:0 1em;color:#222;line-height:1.45}
    table{border-collapse:collapse;margin:1em 0;font-size:0.92em}
    th,td{border:1px solid #ccc;padding:0.3em 0.5em;vertical-align:top;text-align:left}
    th{background:#f2f2f2}
    code,pre{background:#f4f4f4;padding:0.1em 0.3em}
    pre{padding:0.6em}
    .figures{display:flex;flex-wrap:wrap;gap:1em}
    figure{margin:0;flex:1 1 540px;max-width:100%}
    img{width:100%;height:auto;border:1px solid #eee}
    .caption{color:#444}
    .note{color:#8a4b00}
    #forest img{border:none}
    tr.claim th{background:#e9eef4;font-weight:normal}
    table.figure-grid{width:100%}
    table.figure-grid td{width:50%;border:none;padding:0.3em}
    """

  static func render(_ sections: [ReportSection], forest: Figure?) -> String {
    var lines = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\"/>",
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
                 "<title>TrainingTricks results</title>", "<style>\n\(style)\n</style>", "</head>", "<body>",
                 "<h1>Results</h1>", "<p>\(MarkdownInline.render(ReportText.intro(sections)))</p>"]
    if let forest {
      lines += ["<figure id=\"forest\"><img src=\"\(e(forest.path))\" alt=\"\(e(forest.title))\"/>"
                  + "<figcaption class=\"caption\">\(e(SuiteFigures.caption(sections)))</figcaption></figure>"]
    }
    lines += ["<h2 id=\"findings-by-claim\">Findings by claim</h2>", "<p>\(e(ReportText.findingsIntro))</p>"]
    lines += findings(sections)
    lines += ["<h2 id=\"how-to-read\">How to read</h2>", "<ul>"]
      + ReportText.howToRead.map { "<li>\(MarkdownInline.render($0))</li>" }
    lines += ["</ul>", "<p>Regenerate everything:</p>", "<pre>\(e(ReportText.regenerateCommand))</pre>",
              "<p>Rebuild the tables, plots and this page from the runs on disk, without training:</p>",
              "<pre>\(e(ReportText.reportCommand))</pre>"]
    lines += sections.map(body)
    lines += ["</body>", "</html>"]
    return lines.joined(separator: "\n") + "\n"
  }

  static func e(_ text: String) -> String { HTMLText.escape(text) }

  static func link(_ href: String, _ text: String) -> String { "<a href=\"\(e(href))\">\(e(text))</a>" }

  static let columns = ["Sub-claim", "Statement", "Effect [95% CI]", "Outcome", "Tuned", "Budget", "Seeds (MDE)"]

  /// One table for the whole suite: per claim a `<tbody>` whose first row (class `claim`) gives the claim,
  /// its verdict, seeds, CPU time and takeaway across every column, then one row per sub-claim.
  static func findings(_ sections: [ReportSection]) -> [String] {
    let total = ReportSection.totalCPUSeconds(sections)
    var lines = ["<table id=\"findings\">",
                 "<thead><tr>" + columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>"]
    for s in sections {
      let id = s.entry.id
      var head = "<strong>\(link("#" + id, id))</strong>: \(e(s.entry.oneLineSentence))"
      if let results = s.results {
        head += " Verdict <strong>\(e(s.verdictText))</strong>" + (s.outcomeCounts.map { " (\(e($0)))" } ?? "")
          + "; \(results.seedCount) seeds; CPU \(e(s.cpuTime(total: total))); \(link(s.folder + "/verdict.md", "verdict.md"))."
          + "<br/>" + (s.subClaims.isEmpty ? "Key effect: " : "Takeaway: ") + e(s.takeaway)
      } else {
        head += " Not run yet: <code>\(e(ReportText.runCommand(id)))</code>."
      }
      lines += ["<tbody>", "<tr class=\"claim\"><th colspan=\"\(columns.count)\">\(head)</th></tr>"]
      lines += s.subClaimRows.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
      lines.append("</tbody>")
    }
    return lines + ["</table>"]
  }

  static func body(_ s: ReportSection) -> String {
    var lines = ["<section id=\"\(e(s.entry.id))\">", "<h2>\(e(s.entry.id))</h2>",
                 "<p><strong>\(e(s.entry.title))</strong>. \(e(s.entry.claim))</p>"]
    guard let results = s.results else {
      return (lines + ["<p>Not run yet: <code>\(e(ReportText.runCommand(s.entry.id)))</code>.</p>", "</section>"])
        .joined(separator: "\n")
    }
    lines.append("<p>Verdict: <strong>\(e(s.verdictText))</strong>"
      + (s.outcomeCounts.map { " (\(e($0)))" } ?? "") + ", \(results.seedCount) seeds per arm"
      + (results.divergedRuns > 0 ? ", \(results.divergedRuns) diverged run(s)" : "")
      + ". Why: \(link(s.folder + "/verdict.md", "verdict.md")). Paper note: \(link(s.paperNote, s.paperNote)).</p>")
    lines.append("<p>Tables: " + s.fileLinks.map { link($0.target, $0.text) }.joined(separator: " · ") + "</p>")
    for group in s.figures {
      lines += ["<h3>\(e(group.heading))</h3>", "<p class=\"caption\">\(MarkdownInline.render(group.caption))</p>"]
      lines += figures(group, folder: s.folder)
    }
    lines.append("</section>")
    return lines.joined(separator: "\n")
  }

  static func figure(_ figure: Figure, folder: String) -> String {
    "<figure><img src=\"\(e(folder + "/" + figure.path))\" alt=\"\(e(figure.title))\"/>"
      + (figure.note.isEmpty ? "" : "<figcaption class=\"note\">\(e(figure.note))</figcaption>") + "</figure>"
  }

  /// A flowing row of charts, or a table with one chart per column (class `figure-grid`).
  static func figures(_ group: FigureGroup, folder: String) -> [String] {
    guard !group.columns.isEmpty else {
      return ["<div class=\"figures\">"] + group.figures.map { figure($0, folder: folder) } + ["</div>"]
    }
    return ["<table class=\"figure-grid\">",
            "<thead><tr>" + group.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
      + group.rows.map { "<tr>" + $0.map { "<td>" + ($0.map { figure($0, folder: folder) } ?? "") + "</td>" }.joined() + "</tr>" }
      + ["</tbody>", "</table>"]
  }
}
