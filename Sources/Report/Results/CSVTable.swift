import Foundation

/// A CSV table as the harness writes it (header row, `,` separators, `.` decimals), read back by column
/// name so the report keeps working when experiments add factor or probe columns.
///
/// Quoted fields (RFC 4180, `""` for a quote) are understood although the harness does not write them,
/// so a table edited by hand still reads. Numbers parse with `Double(_:)`, which accepts the harness's
/// "nan", "inf" and "-inf".
public struct CSVTable: Sendable, Equatable {
  public let header: [String]
  public let rows: [[String]]

  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }

  /// Parses CSV text; blank lines are ignored and short rows are padded with empty fields.
  public init(parsing text: String) {
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
      .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    header = lines.first.map(CSVTable.fields) ?? []
    let width = header.count
    rows = lines.dropFirst().map { line in
      let fields = CSVTable.fields(line)
      return fields.count >= width ? fields : fields + Array(repeating: "", count: width - fields.count)
    }
  }

  static func fields(_ line: String) -> [String] {
    var fields: [String] = [], current = "", quoted = false
    var characters = Array(line)[...]
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
        } else { current.append(c) }
      } else if c == "\"" { quoted = true } else if c == "," {
        fields.append(current)
        current = ""
      } else { current.append(c) }
    }
    fields.append(current)
    return fields
  }

  public func index(of column: String) -> Int? { header.firstIndex(of: column) }

  /// The field of `row` in `column`, or nil when the table has no such column.
  public func value(_ row: [String], _ column: String) -> String? {
    index(of: column).map { $0 < row.count ? row[$0] : "" }
  }

  /// The field as a number; nil when absent or empty, NaN/inf as written.
  public func number(_ row: [String], _ column: String) -> Double? {
    value(row, column).flatMap { Double($0) }
  }

  /// Distinct values of a column in order of first appearance.
  public func distinct(_ column: String) -> [String] {
    guard let i = index(of: column) else { return [] }
    var seen: Set<String> = [], out: [String] = []
    for row in rows where i < row.count && seen.insert(row[i]).inserted { out.append(row[i]) }
    return out
  }
}
