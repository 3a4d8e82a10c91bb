// One closeness check for every Statistics test, so that each tolerance is stated at its call site.

/// Whether `actual` is within `tolerance` of `expected`, measured relative to |expected|, or absolutely
/// when |expected| < 1 (so that expected values near zero do not demand impossible relative precision).
func isClose(_ actual: Double, _ expected: Double, tolerance: Double) -> Bool {
  abs(actual - expected) <= tolerance * max(1, abs(expected))
}
