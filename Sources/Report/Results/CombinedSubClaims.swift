/// `results/subclaims.csv`: every experiment's subclaims.csv in one table, with the experiment id as its
/// first column, so the whole suite's findings load as one data frame.
///
/// Rows keep each folder's order, experiments the report's order. The columns are those of the first
/// table, then any column a later table adds (an experiment written by a newer harness), so no field is
/// dropped; a table without a column leaves it empty. Fields are written back with the harness's quoting
/// (RFC 4180, only when a field holds a comma, quote or newline), so the numbers are the same bytes as in
/// the per-experiment tables. A folder without subclaims.csv (written before it existed) adds no row.
enum CombinedSubClaims {
  static func csv(_ tables: [(id: String, table: CSVTable)]) -> String {
    var columns: [String] = []
    for (_, table) in tables {
      for column in table.header where !columns.contains(column) { columns.append(column) }
    }
    var lines = [(["experiment"] + columns).map(quoted).joined(separator: ",")]
    for (id, table) in tables {
      for row in table.rows {
        lines.append(([id] + columns.map { table.value(row, $0) ?? "" }).map(quoted).joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func quoted(_ field: String) -> String {
    guard field.contains(",") || field.contains("\"") || field.contains("\n") else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
