import Statistics

/// Glorot & Bengio 2010's "normalized initialization": U(-a, a) with a = √(6 / (fanIn + fanOut)), so
/// Var = 2 / (fanIn + fanOut): keeps activation and gradient variance roughly constant for tanh.
public struct GlorotUniform: InitializerKind, PlainKind {
  public static let codingKey = "glorotUniform"
  public static let names = ["glorot-uniform", "xavier-uniform", "xavier"]
  public init() {}
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillUniform(weights, limit: (6.0 / Double(fanIn + fanOut)).squareRoot(), using: stream)
  }
}

extension InitializerSpec {
  public static let glorotUniform = InitializerSpec(GlorotUniform())
}
