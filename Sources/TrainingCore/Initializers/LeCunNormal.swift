import Statistics

/// LeCun et al. 1998 ("Efficient BackProp"): N(0, 1 / fanIn), untruncated. What SELU's self-normalization
/// assumes (Klambauer et al. 2017).
public struct LeCunNormal: InitializerKind, PlainKind {
  public static let codingKey = "lecunNormal"
  public static let names = ["lecun-normal", "lecun"]
  public init() {}
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillNormal(weights, standardDeviation: (1.0 / Double(fanIn)).squareRoot(), using: stream)
  }
}

extension InitializerSpec {
  public static let lecunNormal = InitializerSpec(LeCunNormal())
}
