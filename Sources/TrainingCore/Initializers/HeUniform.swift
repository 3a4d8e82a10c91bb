import Statistics

/// He et al. 2015 in uniform form: U(-a, a) with a = √(6 / fanIn), so Var = 2 / fanIn.
public struct HeUniform: InitializerKind, PlainKind {
  public static let codingKey = "heUniform"
  public static let names = ["he-uniform", "kaiming-uniform"]
  public init() {}
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillUniform(weights, limit: (6.0 / Double(fanIn)).squareRoot(), using: stream)
  }
}

extension InitializerSpec {
  public static let heUniform = InitializerSpec(HeUniform())
}
