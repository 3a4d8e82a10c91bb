import Statistics

/// U(-limit, limit) regardless of layer size.
public struct Uniform: InitializerKind {
  public static let codingKey = "uniform"
  public static let spellings = ["uniform:<limit>"]
  public let limit: Double
  public init(limit: Double) { self.limit = limit }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillUniform(weights, limit: limit, using: stream)
  }
}

extension Uniform {
  /// `uniform:<limit>`, the limit required and positive.
  public init?(name: String, argument: Double?) throws {
    guard name == "uniform" else { return nil }
    self.init(limit: try Self.positiveArgument(argument, of: name, "limit"))
  }

  public var description: String { "uniform:\(limit)" }
}

extension InitializerSpec {
  public static func uniform(limit: Double) -> InitializerSpec { InitializerSpec(Uniform(limit: limit)) }
}
