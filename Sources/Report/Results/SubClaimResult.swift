import Foundation

/// One row of `subclaims.csv`: a sub-claim, what its test found, and how it was measured.
///
/// Effects and intervals are in `unit`: `points` are accuracy points (already ×100), anything else is
/// the metric's own unit (`loss`, ...). A number the harness could not compute is nil (an empty field).
public struct SubClaimResult: Sendable, Equatable {
  public let id: String
  public let statement: String
  /// `supported`, `contradicted` or `inconclusive`.
  public let outcome: String
  public let metric: String
  public let effect: Double?
  public let ciLow: Double?
  public let ciHigh: Double?
  public let unit: String
  public let smallestEffect: Double?
  public let pAdjusted: Double?
  /// Evaluation seeds per arm.
  public let seeds: Int?
  public let minDetectableEffect: Double?
  /// Free text, e.g. "learning rate per arm (5-point grid)" or "no".
  public let tuned: String
  /// Free text, e.g. "to a validation plateau (patience 5, at most 60 epochs)".
  public let budget: String
  /// "k/n" runs that met the plateau criterion; empty when the budget has none.
  public let converged: String
  /// "met", "not met: ..." (which precondition, and its outcome), or empty: the sub-claim declares none
  /// (or the table predates the column).
  public var precondition: String = ""

  /// Every row of a subclaims.csv table, in its order.
  public static func rows(of table: CSVTable) -> [SubClaimResult] {
    table.rows.map { row in
      let text = { (column: String) in table.value(row, column) ?? "" }
      let number = { (column: String) in table.number(row, column) }
      var result = SubClaimResult(
        id: text("sub_claim"), statement: text("statement"), outcome: text("outcome"), metric: text("metric"),
        effect: number("effect"), ciLow: number("ci_low"), ciHigh: number("ci_high"), unit: text("unit"),
        smallestEffect: number("smallest_effect"), pAdjusted: number("p_adjusted"),
        seeds: Int(text("seeds")), minDetectableEffect: number("min_detectable_effect"), tuned: text("tuned"),
        budget: text("budget"), converged: text("converged"))
      result.precondition = text("precondition")
      return result
    }
  }

  /// The outcomes in the order the report lists them.
  static let outcomeOrder = ["supported", "contradicted", "inconclusive"]

  /// "3 supported, 1 contradicted" (outcomes with no sub-claim left out; an unknown outcome is counted
  /// under its own name after the three known ones).
  static func counts(_ subClaims: [SubClaimResult]) -> String {
    let outcomes = subClaims.map(\.outcome)
    let others = outcomes.filter { !outcomeOrder.contains($0) }
    var order = outcomeOrder
    for outcome in others where !order.contains(outcome) { order.append(outcome) }
    return order.compactMap { outcome in
      let count = outcomes.filter { $0 == outcome }.count
      return count == 0 ? nil : "\(count) \(outcome.isEmpty ? "without outcome" : outcome)"
    }.joined(separator: ", ")
  }

  /// One line from the numbers, what a practitioner takes away: each decided sub-claim with its effect
  /// rounded ("about +1.3 pts"), supported ones first; the inconclusive ones by id with the smallest
  /// effect their seeds could have detected, which is what "inconclusive" leaves open. From adam-decay:
  ///
  ///     Supported: Lowering the rate over the last 10% of training gives a small gain… — about +1.3 pts;
  ///     AdamW beats Adam with L2 in the gradient at equal lambda — about +2.3 pts. Contradicted:
  ///     Multiplying the rate by 0.9995 every step decays too fast — about -0.9 pts. Inconclusive:
  ///     a (MDE 0.7 pts), d (MDE 1.4 pts).
  static func takeaway(_ subClaims: [SubClaimResult]) -> String {
    var order = outcomeOrder
    for outcome in subClaims.map(\.outcome) where !order.contains(outcome) { order.append(outcome) }
    return order.compactMap { outcome -> String? in
      let members = subClaims.filter { $0.outcome == outcome }
      guard !members.isEmpty else { return nil }
      let name = outcome.isEmpty ? "Without outcome" : outcome.prefix(1).uppercased() + outcome.dropFirst()
      if outcome == "inconclusive" {
        return name + ": " + members.map { s in
          s.minDetectableEffect.map { " (MDE " + EffectFormat.about($0, unit: s.unit, signed: false) + ")" }
            .map { s.id + $0 } ?? s.id
        }.joined(separator: ", ") + "."
      }
      return name + ": " + members.map { s in
        s.phrase + " — " + (s.effect.map { "about " + EffectFormat.about($0, unit: s.unit, signed: true) } ?? "no estimate")
      }.joined(separator: "; ") + "."
    }.joined(separator: " ")
  }

  /// The statement's headline, for the takeaway: the part before its first ": " when that part says
  /// enough (20 characters or more, no open parenthesis); then, while it is longer than 70 characters,
  /// without its last parenthesis; then cut at a word to about 70 characters. "Robust to a 10x smaller
  /// rate: Adam at x0.1 ..." becomes "Robust to a 10x smaller rate"; "0.9 is the recommended value (fixed
  /// rate): not worse ..." keeps its "(fixed rate)", which tells it from its "(equal step)" twin.
  var phrase: String {
    var text = statement.isEmpty ? id : statement
    if let range = text.range(of: ": ") {
      let head = text[..<range.lowerBound]
      if head.count >= 20 && head.filter({ $0 == "(" }).count == head.filter({ $0 == ")" }).count { text = String(head) }
    }
    while text.count > 70, let open = text.range(of: " (", options: .backwards),
          let close = text[open.upperBound...].firstIndex(of: ")"), !text[open.upperBound..<close].contains("(") {
      text.removeSubrange(open.lowerBound...close)
    }
    return SuiteFigures.cut(text, to: 70)
  }

  /// The outcome, and when a precondition is not met, which one: "inconclusive (precondition not met: ...)".
  var outcomeText: String {
    precondition.hasPrefix("not met") ? "\(outcome) (precondition \(precondition))" : outcome
  }

  /// "+1.23 [0.80, 1.66] pts"; "n/a" without an effect; no bracket without an interval.
  var effectText: String {
    EffectFormat.effect(effect, low: ciLow, high: ciHigh, unit: unit)
  }

  /// "10 (MDE 0.80 pts)", or just the seeds when the MDE is not known.
  var seedsText: String {
    let seedCount = seeds.map(String.init) ?? "?"
    guard let mde = minDetectableEffect, mde.isFinite else { return seedCount }
    return seedCount + " (MDE " + EffectFormat.plain(mde, decimals: EffectFormat.decimals(unit, [mde]))
      + EffectFormat.suffix(unit) + ")"
  }

  /// The budget, then "converged k/n" when the harness counted it.
  var budgetText: String {
    [budget, converged.isEmpty ? "" : "converged \(converged)"].filter { !$0.isEmpty }.joined(separator: "; ")
  }
}

/// Effects as the report prints them: a sign, a fixed number of decimals shared by the effect and its
/// interval (so "+1.20 [0.80, 1.66]" lines up), and the unit.
///
/// Accuracy points get two decimals (0.01 points is below any seed-to-seed spread we measure); other
/// units get three significant digits of the largest of the three numbers.
enum EffectFormat {
  static func effect(_ effect: Double?, low: Double?, high: Double?, unit: String) -> String {
    guard let effect, effect.isFinite else { return "n/a" }
    let interval = [low, high].compactMap { $0 }.filter(\.isFinite)
    let decimals = decimals(unit, [effect] + interval)
    var text = signed(effect, decimals: decimals)
    if let low, let high, low.isFinite, high.isFinite {
      text += " [\(plain(low, decimals: decimals)), \(plain(high, decimals: decimals))]"
    }
    return text + suffix(unit)
  }

  static func decimals(_ unit: String, _ values: [Double]) -> Int {
    if unit == "points" { return 2 }
    let largest = values.map(abs).filter { $0.isFinite && $0 > 0 }.max() ?? 1
    return min(8, max(0, 2 - Int(floor(log10(largest)))))
  }

  static func suffix(_ unit: String) -> String {
    unit == "points" ? " pts" : (unit.isEmpty ? "" : " " + unit)
  }

  /// Fixed decimals, no locale, no "-0".
  static func plain(_ x: Double, decimals: Int) -> String { Axis.fixed(x, decimals: decimals) }

  /// A rounded magnitude for prose: accuracy points with one decimal below 10 and none above (the CIs
  /// are rarely narrower than a tenth of a point), other units with two significant digits; with its
  /// unit, e.g. "+1.3 pts", "-0.041 final_train_loss".
  static func about(_ x: Double, unit: String, signed: Bool) -> String {
    guard x.isFinite else { return "n/a" }
    let decimals = unit == "points"
      ? (abs(x) >= 10 ? 0 : 1)
      : (x == 0 ? 2 : min(8, max(0, 1 - Int(floor(log10(abs(x)))))))
    return (signed ? self.signed(x, decimals: decimals) : plain(x, decimals: decimals)) + suffix(unit)
  }

  /// `plain` with a "+" before a positive number.
  static func signed(_ x: Double, decimals: Int) -> String {
    let text = plain(x, decimals: decimals)
    return text.hasPrefix("-") || text.allSatisfy({ $0 == "0" || $0 == "." }) ? text : "+" + text
  }
}
