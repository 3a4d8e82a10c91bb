import Statistics

/// Every weight the same value (zero included: `Constant(0)`). Every hidden unit of a layer then computes
/// the same function and receives the same gradient, so the units stay identical forever: the symmetry
/// the `init-schemes` experiment demonstrates.
public struct Constant: InitializerKind {
  public static let codingKey = "constant"
  public static let spellings = ["zeros", "constant:<value>"]
  public let value: Double
  public init(_ value: Double) { self.value = value }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    weights.fill(T(value))
  }
}

extension Constant {
  /// `zeros` (or `zero`), or `constant:<value>`.
  public init?(name: String, argument: Double?) throws {
    switch name {
    case "zeros", "zero":
      guard argument == nil else { throw ConfigurationError(.initializer, "'\(name)' takes no number") }
      self.init(0)
    case "constant": self.init(try Self.requiredArgument(argument, of: name, "value"))
    default: return nil
    }
  }

  public var description: String { value == 0 ? "zeros" : "constant:\(value)" }

  // "_0": the unlabelled associated value of the enum case this was.
  enum CodingKeys: String, CodingKey { case value = "_0" }
}

extension InitializerSpec {
  public static let zeros = InitializerSpec(Constant(0))
  public static func constant(_ value: Double) -> InitializerSpec { InitializerSpec(Constant(value)) }
}
