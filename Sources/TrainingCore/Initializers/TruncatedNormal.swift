import Statistics

/// N(0, standardDeviation²) with draws beyond two standard deviations redrawn (TensorFlow's
/// `truncated_normal`). The truncation shrinks the variance to about 0.774 σ²; this type does *not*
/// rescale, so it is the plain truncated Gaussian the `init-schemes` claim (d) compares against.
public struct TruncatedNormal: InitializerKind {
  public static let codingKey = "truncatedNormal"
  public static let spellings = ["truncated-normal:<std>"]
  public let standardDeviation: Double
  public init(standardDeviation: Double) { self.standardDeviation = standardDeviation }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    for i in 0..<weights.count {
      var z = stream.gaussian()
      while abs(z) > 2 { z = stream.gaussian() }
      weights.storage[i] = T(z * standardDeviation)
    }
  }
}

extension TruncatedNormal {
  /// `truncated-normal:<standard deviation>`, the standard deviation required and positive.
  public init?(name: String, argument: Double?) throws {
    guard name == "truncated-normal" else { return nil }
    self.init(standardDeviation: try Self.positiveArgument(argument, of: name, "standard deviation"))
  }

  public var description: String { "truncated-normal:\(standardDeviation)" }
}

extension InitializerSpec {
  public static func truncatedNormal(standardDeviation: Double) -> InitializerSpec { InitializerSpec(TruncatedNormal(standardDeviation: standardDeviation)) }
}
