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
    """

  static func render(_ sections: [ReportSection]) -> String {
    var lines = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\"/>",
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
                 "<title>TrainingTricks results</title>", "<style>\n\(style)\n</style>", "</head>", "<body>",
                 "<h1>Results</h1>", "<p>\(MarkdownBlock.inline(ReportText.intro))</p>",
                 "<table id=\"verdicts\">",
                 "<thead><tr><th>Experiment</th><th>Claim</th><th>Verdict</th><th>Takeaway</th>"
                   + "<th>CPU time</th><th>Seeds</th><th>Files</th></tr></thead>", "<tbody>"]
    lines += sections.map(row)
    lines += ["</tbody>", "</table>"] + subClaimTable(sections) + ["<ul>"] + ReportText.howToRead.map { "<li>\(MarkdownBlock.inline($0))</li>" }
    lines += ["</ul>", "<p>Regenerate everything:</p>", "<pre>\(e(ReportText.regenerateCommand))</pre>",
              "<p>Rebuild the tables, plots and this page from the runs on disk, without training:</p>",
              "<pre>\(e(ReportText.reportCommand))</pre>"]
    lines += sections.map(body)
    lines += ["</body>", "</html>"]
    return lines.joined(separator: "\n") + "\n"
  }

  static func e(_ text: String) -> String { HTMLText.escape(text) }

  static func link(_ href: String, _ text: String) -> String { "<a href=\"\(e(href))\">\(e(text))</a>" }

  static func row(_ s: ReportSection) -> String {
    let id = s.entry.id
    let experiment = link("#" + id, id) + "<br/>" + e(s.entry.title)
    let files = s.fileLinks.map { link($0.target, $0.text) }.joined(separator: " · ")
    guard let results = s.results else {
      return "<tr><td>\(experiment)</td><td>\(e(s.entry.oneLineClaim))</td><td>not run yet</td><td>–</td>"
        + "<td>–</td><td>–</td><td>\(files)</td></tr>"
    }
    let verdict = "<strong>\(e(s.verdictText))</strong>" + (s.outcomeCounts.map { "<br/>" + e($0) } ?? "")
    return "<tr><td>\(experiment)</td><td>\(e(s.entry.oneLineClaim))</td><td>\(verdict)</td>"
      + "<td>\(e(s.takeaway))</td><td>\(e(s.cpuTime))</td><td>\(results.seedCount)</td><td>\(files)</td></tr>"
  }

  /// Every sub-claim, one `<tbody>` per experiment whose first cell spans its rows; nothing when no
  /// folder has a subclaims.csv.
  static func subClaimTable(_ sections: [ReportSection]) -> [String] {
    let grouped = sections.filter { !$0.subClaimRows.isEmpty }
    guard !grouped.isEmpty else { return [] }
    var lines = ["<p>Every sub-claim (subclaims.csv of each folder), grouped by experiment:</p>",
                 "<table id=\"subclaims\">",
                 "<thead><tr><th>Experiment</th><th>Sub-claim</th><th>Statement</th><th>Effect [95% CI]</th>"
                   + "<th>Outcome</th><th>Tuned</th><th>Budget</th><th>Seeds (MDE)</th></tr></thead>"]
    for section in grouped {
      lines.append("<tbody>")
      for (index, row) in section.subClaimRows.enumerated() {
        let experiment = index == 0
          ? "<td rowspan=\"\(section.subClaimRows.count)\">\(link("#" + section.entry.id, section.entry.id))</td>" : ""
        lines.append("<tr>" + experiment + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>")
      }
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
      + ". Paper note: \(link(s.paperNote, s.paperNote)).</p>")
    for group in s.figures {
      lines += ["<h3>\(e(group.heading))</h3>", "<p class=\"caption\">\(MarkdownBlock.inline(group.caption))</p>",
                "<div class=\"figures\">"]
      for figure in group.figures {
        lines.append("<figure><img src=\"\(e(s.folder + "/" + figure.path))\" alt=\"\(e(figure.title))\"/>"
          + (figure.note.isEmpty ? "" : "<figcaption class=\"note\">\(e(figure.note))</figcaption>") + "</figure>")
      }
      lines.append("</div>")
    }
    if !s.comparisons.isEmpty {
      lines += ["<h3>Comparisons</h3>", "<table class=\"comparisons\">",
                "<thead><tr><th>Metric</th><th>A</th><th>B</th><th>Test</th><th>A − B [95% CI]</th><th>p (Holm)</th></tr></thead>",
                "<tbody>"]
      lines += s.comparisons.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
      lines += ["</tbody>", "</table>"]
    }
    lines += ["<h3>Why this verdict</h3>", "<p>From \(link(s.folder + "/verdict.md", "verdict.md")):</p>"]
    let blocks = MarkdownBlock.parse(results.verdictMarkdown).filter {
      if case .heading(1, _) = $0 { return false } else { return true }
    }
    lines.append(MarkdownBlock.html(blocks, demote: 2))
    lines.append("</section>")
    return lines.joined(separator: "\n")
  }
}
