import Statistics

/// N(0, standardDeviation²) regardless of layer size, e.g. the folklore "N(0,1) × 0.01".
public struct Normal: InitializerKind {
  public static let codingKey = "normal"
  public static let spellings = ["normal:<std>"]
  public let standardDeviation: Double
  public init(standardDeviation: Double) { self.standardDeviation = standardDeviation }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillNormal(weights, standardDeviation: standardDeviation, using: stream)
  }
}

extension Normal {
  /// `normal:<standard deviation>`, the standard deviation required and positive.
  public init?(name: String, argument: Double?) throws {
    guard name == "normal" else { return nil }
    self.init(standardDeviation: try Self.positiveArgument(argument, of: name, "standard deviation"))
  }

  public var description: String { "normal:\(standardDeviation)" }
}

extension InitializerSpec {
  public static func normal(standardDeviation: Double) -> InitializerSpec { InitializerSpec(Normal(standardDeviation: standardDeviation)) }
}
