// Holm's step-down correction: how one experiment's several comparisons share its α.
//
// Chosen over Bonferroni because it is uniformly more powerful under the same assumption (none about
// dependence between the tests), and over Benjamini-Hochberg because a verdict is a claim about every
// comparison, i.e. familywise error, not a false-discovery rate.

/// Holm-adjusted p-values, comparable directly with the experiment's α.
///
/// ```
/// p₍₁₎ ≤ … ≤ p₍ₘ₎ the m non-NaN p-values, sorted
/// adjusted₍ᵢ₎ = min(1, max over j ≤ i of (m - j + 1) · p₍ⱼ₎)
/// ```
/// Rejecting where `adjusted ≤ α` is exactly Holm's step-down procedure. The running maximum makes the
/// adjusted values monotone in the raw ones, so ties get equal adjusted values whatever their order.
/// Matches R's `p.adjust(p, "holm")` and statsmodels' `multipletests(p, method="holm")`.
///
/// NaN p-values (a comparison that could not be computed, e.g. too few seeds) come back as NaN and are
/// left out of m: they neither use up α nor make the other comparisons stricter. R's `p.adjust` does the
/// same with `NA`.
///
/// References: Holm (1979), Scandinavian Journal of Statistics 6.
public enum HolmCorrection {
  /// Returns the adjusted p-values in the order of `pValues`.
  ///
  /// - Parameter pValues: Raw p-values in [0, 1], or NaN.
  public static func adjust(_ pValues: [Double]) -> [Double] {
    let order = pValues.indices.filter { !pValues[$0].isNaN }.sorted { pValues[$0] < pValues[$1] }
    let m = order.count
    var adjusted = [Double](repeating: .nan, count: pValues.count)
    var runningMaximum = 0.0
    for (rank, index) in order.enumerated() {
      runningMaximum = max(runningMaximum, Double(m - rank) * pValues[index])
      adjusted[index] = min(1, runningMaximum)
    }
    return adjusted
  }
}
