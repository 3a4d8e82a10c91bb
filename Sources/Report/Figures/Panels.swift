/// A subset of an experiment's arms drawn in one chart.
struct Panel: Equatable {
  /// e.g. "activation=relu, depth=20"; empty when one panel holds every arm.
  let title: String
  /// File-name part, e.g. "activation-relu-depth-20"; empty for a single panel.
  let slug: String
  let arms: [String]
}

/// Splits many arms into readable panels of at most `maxSeries` lines.
///
/// With two or more varying factors, the factor with the most values becomes the lines and every
/// combination of the others gets its own panel (init-schemes: one panel per activation and depth, one
/// line per initializer), so a panel compares like with like. Otherwise arms are cut into consecutive
/// chunks in the experiment's order.
enum Panels {
  static let maxSeries = 8

  static func split(arms: [String], factors: [String: [String: String]], factorNames: [String]) -> [Panel] {
    guard arms.count > maxSeries else { return [Panel(title: "", slug: "", arms: arms)] }
    let varying = factorNames.filter { name in Set(arms.map { factors[$0]?[name] ?? "" }).count > 1 }
    guard varying.count >= 2 else { return chunks(arms, title: "", slug: "") }
    let counts = varying.map { name in Set(arms.map { factors[$0]?[name] ?? "" }).count }
    let lines = varying[counts.lastIndex(of: counts.max()!)!]
    let grouping = varying.filter { $0 != lines }
    var order: [String] = [], groups: [String: [String]] = [:]
    for arm in arms {
      let key = grouping.map { "\($0)=\(factors[arm]?[$0] ?? "")" }.joined(separator: ", ")
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(arm)
    }
    return order.flatMap { key in chunks(groups[key]!, title: key, slug: slug(key)) }
  }

  static func chunks(_ arms: [String], title: String, slug: String) -> [Panel] {
    let count = (arms.count + maxSeries - 1) / maxSeries
    guard count > 1 else { return [Panel(title: title, slug: slug, arms: arms)] }
    return (0..<count).map { index in
      let part = Array(arms[(index * maxSeries)..<min(arms.count, (index + 1) * maxSeries)])
      let suffix = "part \(index + 1) of \(count)"
      return Panel(title: title.isEmpty ? suffix : "\(title) (\(suffix))",
                   slug: (slug.isEmpty ? "" : slug + "-") + "part-\(index + 1)", arms: part)
    }
  }

  /// Lowercase letters, digits and dots; everything else becomes a single "-".
  static func slug(_ text: String) -> String {
    var out = ""
    for character in text.lowercased() {
      if character.isASCII && (character.isLetter || character.isNumber || character == ".") {
        out.append(character)
      } else if !out.isEmpty && out.last != "-" {
        out.append("-")
      }
    }
    while out.last == "-" { out.removeLast() }
    return out
  }
}
