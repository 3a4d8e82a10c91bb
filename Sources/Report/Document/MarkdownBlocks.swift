import Foundation

/// The small Markdown subset verdict.md uses (headings, "- " bullets, paragraphs, `**bold**`,
/// `` `code` ``), parsed so the same reasons can be printed in README.md and converted for index.html.
///
/// It is deliberately not a Markdown implementation: anything else passes through as paragraph text.
enum MarkdownBlock: Equatable {
  case heading(level: Int, text: String)
  case bullet(String)
  case paragraph(String)

  static func parse(_ text: String) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var paragraph: [String] = []
    func flush() {
      if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
      paragraph = []
    }
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty {
        flush()
      } else if line.hasPrefix("#") {
        flush()
        let level = line.prefix(while: { $0 == "#" }).count
        blocks.append(.heading(level: level, text: line.dropFirst(level).trimmingCharacters(in: .whitespaces)))
      } else if line.hasPrefix("- ") {
        flush()
        blocks.append(.bullet(String(line.dropFirst(2))))
      } else {
        paragraph.append(line)
      }
    }
    flush()
    return blocks
  }

  /// Markdown again, headings moved down by `demote` levels (at most level 6).
  static func markdown(_ blocks: [MarkdownBlock], demote: Int) -> String {
    var out = "", previousWasBullet = false
    for block in blocks {
      switch block {
      case .heading(let level, let text):
        out += (previousWasBullet ? "\n" : "") + String(repeating: "#", count: min(6, level + demote)) + " \(text)\n\n"
        previousWasBullet = false
      case .bullet(let text):
        out += "- \(text)\n"
        previousWasBullet = true
      case .paragraph(let text):
        out += (previousWasBullet ? "\n" : "") + "\(text)\n\n"
        previousWasBullet = false
      }
    }
    return out + (previousWasBullet ? "\n" : "")
  }

  /// HTML: headings demoted, consecutive bullets in one list, inline bold and code converted, the rest escaped.
  static func html(_ blocks: [MarkdownBlock], demote: Int) -> String {
    var out: [String] = [], inList = false
    for block in blocks {
      if case .bullet = block {} else if inList {
        out.append("</ul>")
        inList = false
      }
      switch block {
      case .heading(let level, let text):
        let tag = "h\(min(6, level + demote))"
        out.append("<\(tag)>\(inline(text))</\(tag)>")
      case .bullet(let text):
        if !inList { out.append("<ul>") }
        inList = true
        out.append("<li>\(inline(text))</li>")
      case .paragraph(let text):
        out.append("<p>\(inline(text))</p>")
      }
    }
    if inList { out.append("</ul>") }
    return out.joined(separator: "\n") + "\n"
  }

  /// Escapes text, then turns `**x**` into <strong> and `` `x` `` into <code> (unpaired markers stay).
  static func inline(_ text: String) -> String {
    var out = "", rest = Substring(text)
    while !rest.isEmpty {
      if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
        out += "<strong>" + inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])) + "</strong>"
        rest = rest[end.upperBound...]
      } else if rest.hasPrefix("`"), let end = rest.dropFirst().firstIndex(of: "`") {
        out += "<code>" + HTMLText.escape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
        rest = rest[rest.index(after: end)...]
      } else {
        out += HTMLText.escape(String(rest.first!))
        rest = rest.dropFirst()
      }
    }
    return out
  }
}

enum HTMLText {
  static func escape(_ text: String) -> String { SVGWriter.escape(text) }
}
