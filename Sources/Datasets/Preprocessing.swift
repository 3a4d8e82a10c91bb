/// How 8-bit pixels become the `Float` features a network sees.
///
/// ```
/// raw255        x' = x                      (0...255)
/// unitRange     x' = x / 255                (0...1)
/// standardized  x' = (x / 255 − μ) / σ      μ, σ: mean and sd of x/255 over every training pixel
/// ```
/// `standardized` is the usual Fashion-MNIST practice (μ ≈ 0.2860, σ ≈ 0.3530): one global μ and σ, not
/// per-pixel ones, fitted on the training set only and applied unchanged to the test set, so no test
/// information leaks into the inputs. The `input-normalization` experiment compares it with `unitRange`.
public enum Preprocessing: String, Sendable, Codable, CaseIterable {
  case standardized
  case unitRange = "unit-range"
  case raw255
}

/// The global mean and standard deviation used by `Preprocessing.standardized`, in unit-range pixel units.
///
/// Recorded on each `Dataset` so a run's manifest can report exactly what was subtracted and divided.
public struct Standardization: Sendable, Codable, Equatable, CustomStringConvertible {
  /// μ: the mean of x/255 over the fitted pixels.
  public let mean: Float
  /// σ: the population standard deviation (divisor n, not n − 1) of x/255 over the fitted pixels.
  /// With 47 million pixels the two divisors differ by one part in 10^8, far below `Float` resolution.
  public let standardDeviation: Float

  public init(mean: Float, standardDeviation: Float) {
    precondition(standardDeviation > 0, "a standardization needs a positive standard deviation")
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  /// Fits μ and σ to a set of 8-bit pixels.
  ///
  /// The pixels are counted into a 256-bin histogram (exact integers), then the mean and the squared
  /// deviations are summed over the 256 bins in `Double`: a two-pass computation (no `E[x²] − E[x]²`
  /// cancellation) that touches each of the 47 million pixels once.
  /// - Parameters:
  ///   - pixels: the training set's pixels, 0...255.
  /// - Precondition: `pixels` is not empty and not all one value.
  public init(fittingPixels pixels: [UInt8]) {
    precondition(!pixels.isEmpty, "cannot fit a standardization to no pixels")
    var histogram = [Int](repeating: 0, count: 256)
    histogram.withUnsafeMutableBufferPointer { counts in
      pixels.withUnsafeBufferPointer { values in
        for value in values { counts[Int(value)] += 1 }
      }
    }
    let n = Double(pixels.count)
    var mean = 0.0
    for (value, count) in histogram.enumerated() { mean += Double(count) * (Double(value) / 255) }
    mean /= n
    var squares = 0.0
    for (value, count) in histogram.enumerated() {
      let deviation = Double(value) / 255 - mean
      squares += Double(count) * deviation * deviation
    }
    self.init(mean: Float(mean), standardDeviation: Float((squares / n).squareRoot()))
  }

  public var description: String {
    "Standardization(mean: \(mean), standardDeviation: \(standardDeviation))"
  }
}

extension Preprocessing {
  /// Converts pixels to features through a 256-entry table: one load per pixel, no arithmetic in the loop.
  ///
  /// - Parameters:
  ///   - pixels: 8-bit pixels, row-major.
  ///   - standardization: μ and σ; used only by `.standardized`, which requires it.
  func features(from pixels: [UInt8], standardization: Standardization?) -> [Float] {
    let table = lookupTable(standardization: standardization)
    return [Float](unsafeUninitializedCapacity: pixels.count) { features, initializedCount in
      table.withUnsafeBufferPointer { table in
        pixels.withUnsafeBufferPointer { pixels in
          for i in 0..<pixels.count { features[i] = table[Int(pixels[i])] }
        }
      }
      initializedCount = pixels.count
    }
  }

  /// Feature value for each byte value. The table is computed in `Double` from the *stored* `Float` μ and σ,
  /// so what a manifest reports is exactly what was applied, and train and test share one mapping.
  private func lookupTable(standardization: Standardization?) -> [Float] {
    (0...255).map { value -> Float in
      let unit = Double(value) / 255
      switch self {
      case .raw255: return Float(value)
      case .unitRange: return Float(unit)
      case .standardized:
        guard let standardization else { preconditionFailure(".standardized needs a Standardization") }
        return Float((unit - Double(standardization.mean)) / Double(standardization.standardDeviation))
      }
    }
  }
}
