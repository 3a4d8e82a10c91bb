// The alternative hypothesis of a two-sample test, shared by every test in this module.

/// Which departure from "no difference between a and b" a two-sample test looks for.
///
/// The direction is always stated for *a relative to b*, in the order the samples are passed:
/// `.greater` means the alternative "a is larger than b" (for Welch's t test, mean(a) - mean(b) > 0; for the
/// Mann-Whitney U test, values from a tend to exceed values from b). The raw values are the spellings
/// scipy and R use, so they can be written to `significance.csv` and read back unchanged.
public enum Alternative: String, Sendable, Codable, CaseIterable {
  /// a differs from b in either direction.
  case twoSided = "two-sided"
  /// a is larger than b.
  case greater
  /// a is smaller than b.
  case less
}
