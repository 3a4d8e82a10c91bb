import Statistics

/// Every weight the same value (zero included: `Constant(0)`). Every hidden unit of a layer then computes
/// the same function and receives the same gradient, so the units stay identical forever: the symmetry
/// the `init-schemes` experiment demonstrates.
public struct Constant: Initializer, Codable, Hashable {
  public let value: Double
  public init(_ value: Double) { self.value = value }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    weights.fill(T(value))
  }
}
