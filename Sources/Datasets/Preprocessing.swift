#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How 8-bit pixels become the `Float` features a network sees.
///
/// ```
/// raw255             x' = x                      (0...255)
/// unitRange          x' = x / 255                (0...1)
/// standardized       x' = z = (x / 255 − μ) / σ  μ, σ: mean and sd of x/255 over every training pixel
/// tanhRaw            x' = tanh(x / C), C = 100   (0...0.988)
/// tanhStandardized   x' = tanh(z)                (tanh(−μ/σ)...tanh((1 − μ)/σ) ≈ −0.67...0.97)
/// ```
/// `standardized` is the usual Fashion-MNIST practice (μ ≈ 0.2860, σ ≈ 0.3530): one global μ and σ, not
/// per-pixel ones, fitted on the training set only and applied unchanged to the test set, so no test
/// information leaks into the inputs.
///
/// The two `tanh` modes are the "squash unbounded inputs with tanh(x/C)" recipe (shared/claims.md,
/// `input-normalization`). Pixels are bounded, so `raw255` stands in for a large, unnormalized input and
/// `tanhRaw` squashes it with C = 100, a round number of the order of the raw pixels' standard deviation
/// (0.353 · 255 ≈ 90): a scale one can estimate for an unbounded feature, unlike its maximum. The
/// brightest pixel maps to tanh(2.55) ≈ 0.988; the slope at 0 is 1/100. `tanhStandardized` squashes the
/// standardized value with C = 1 (one σ), the form the recipe takes for inputs already centred and scaled.
public enum Preprocessing: String, Sendable, Codable, CaseIterable {
  case standardized
  case unitRange = "unit-range"
  case raw255
  case tanhRaw = "tanh-raw"
  case tanhStandardized = "tanh-standardized"

  /// C of `tanhRaw`, in raw pixel units.
  public static let tanhRawScale = 100.0

  /// Whether this mode needs μ and σ fitted on the training pixels.
  public var usesStandardization: Bool { self == .standardized || self == .tanhStandardized }

  /// The CLI spellings, for help texts and error messages.
  public static var names: [String] { allCases.map(\.rawValue) }
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
  ///   - standardization: μ and σ; used only by the modes that `usesStandardization`, which require it.
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
      case .tanhRaw: return Float(tanh(Double(value) / Self.tanhRawScale))
      case .tanhStandardized:
        guard let standardization else { preconditionFailure(".tanhStandardized needs a Standardization") }
        return Float(tanh((unit - Double(standardization.mean)) / Double(standardization.standardDeviation)))
      }
    }
  }
}
