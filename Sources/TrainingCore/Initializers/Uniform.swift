import Statistics

/// U(-limit, limit) regardless of layer size.
public struct Uniform: Initializer, Codable, Hashable {
  public let limit: Double
  public init(limit: Double) { self.limit = limit }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillUniform(weights, limit: limit, using: stream)
  }
}
