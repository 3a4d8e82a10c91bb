import Statistics

/// N(0, 2 / (fanIn + fanOut)): the Gaussian form of Glorot & Bengio's initialization (untruncated).
public struct GlorotNormal: InitializerKind, PlainKind {
  public static let codingKey = "glorotNormal"
  public static let names = ["glorot-normal", "xavier-normal"]
  public init() {}
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillNormal(weights, standardDeviation: (2.0 / Double(fanIn + fanOut)).squareRoot(), using: stream)
  }
}

extension InitializerSpec {
  public static let glorotNormal = InitializerSpec(GlorotNormal())
}
