import Foundation

/// The inline Markdown the report's own sentences use (`**bold**`, `` `code` ``, `[text](target)`),
/// converted for index.html.
///
/// It is deliberately not a Markdown implementation: anything else is escaped and passes through as text.
enum MarkdownInline {
  /// Escapes text, then turns `**x**` into <strong>, `` `x` `` into <code> and `[x](y)` into a link
  /// (unpaired markers stay).
  static func render(_ text: String) -> String {
    var out = "", rest = Substring(text)
    while !rest.isEmpty {
      if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
        out += "<strong>" + render(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])) + "</strong>"
        rest = rest[end.upperBound...]
      } else if rest.hasPrefix("`"), let end = rest.dropFirst().firstIndex(of: "`") {
        out += "<code>" + HTMLText.escape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
        rest = rest[rest.index(after: end)...]
      } else if rest.hasPrefix("["), let close = rest.range(of: "]("), let end = rest[close.upperBound...].firstIndex(of: ")") {
        out += "<a href=\"" + HTMLText.escape(String(rest[close.upperBound..<end])) + "\">"
          + render(String(rest[rest.index(after: rest.startIndex)..<close.lowerBound])) + "</a>"
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
