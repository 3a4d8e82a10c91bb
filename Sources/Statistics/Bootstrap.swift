// Percentile-bootstrap confidence intervals: the "effect with CI" column of the report.
//
// Chosen because it assumes no distribution for the metric. It is not BCa: with 5-25 seeds per arm the
// percentile interval is known to be somewhat too narrow, so verdicts come from the tests, not from it.

/// Bootstrap confidence intervals, drawn from a named `RandomStream` so every interval can be regenerated.
public enum BootstrapInterval {
  /// The percentile-bootstrap interval of mean(a) - mean(b).
  ///
  /// ```
  /// for r in 1...resamples:
  ///   a* = n(a) draws from a with replacement, then b* = n(b) draws from b   (groups resampled separately)
  ///   δᵣ = mean(a*) - mean(b*)
  /// (low, high) = type-7 quantiles of δ at (1 - confidence)/2 and (1 + confidence)/2
  /// ```
  /// Draws use `stream.integer(below:)` in exactly that order, so the result is a function of the data and
  /// the stream's name and position: the same fresh stream gives the same interval. The stream advances by
  /// `resamples · (n(a) + n(b))` draws.
  ///
  /// Returns `(nan, nan)` if either sample is empty or contains NaN.
  ///
  /// References: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13.
  ///
  /// - Parameters:
  ///   - a: The first sample.
  ///   - b: The second sample.
  ///   - resamples: How many bootstrap replicates of the difference to draw.
  ///   - confidence: The coverage of the interval, in (0, 1).
  ///   - stream: The random stream to draw from, named for its purpose (e.g. `".../bootstrap"`).
  /// - Precondition: `resamples >= 1` and `0 < confidence < 1`.
  public static func differenceOfMeans(
    _ a: [Double], _ b: [Double], resamples: Int = 2000, confidence: Double = 0.95,
    stream: RandomStream
  ) -> (low: Double, high: Double) {
    precondition(resamples >= 1, "BootstrapInterval needs resamples >= 1, got \(resamples)")
    precondition(confidence > 0 && confidence < 1,
                 "BootstrapInterval needs confidence strictly between 0 and 1, got \(confidence)")
    guard !a.isEmpty, !b.isEmpty, !(a + b).contains(where: \.isNaN) else { return (.nan, .nan) }
    var differences = [Double](repeating: 0, count: resamples)
    for r in 0..<resamples {
      differences[r] = resampledMean(a, stream) - resampledMean(b, stream)
    }
    differences.sort()
    return (quantileOfSorted(differences, (1 - confidence) / 2),
            quantileOfSorted(differences, (1 + confidence) / 2))
  }

  /// The mean of `values.count` draws with replacement from `values`.
  private static func resampledMean(_ values: [Double], _ stream: RandomStream) -> Double {
    var sum = 0.0
    for _ in 0..<values.count { sum += values[stream.integer(below: values.count)] }
    return sum / Double(values.count)
  }
}
