import Statistics

/// He et al. 2015 ("MSRA"): N(0, 2 / fanIn), untruncated. ReLU zeroes half its inputs, halving the second
/// moment per layer; the factor 2 restores it, so deep ReLU stacks neither shrink nor grow the signal.
/// (TensorFlow's `he_normal` is a *truncated* normal rescaled to the same variance; this one is not.)
public struct HeNormal: InitializerKind, PlainKind {
  public static let codingKey = "heNormal"
  public static let names = ["he-normal", "kaiming-normal", "he", "msra"]
  public init() {}
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillNormal(weights, standardDeviation: (2.0 / Double(fanIn)).squareRoot(), using: stream)
  }
}

extension InitializerSpec {
  public static let heNormal = InitializerSpec(HeNormal())
}
