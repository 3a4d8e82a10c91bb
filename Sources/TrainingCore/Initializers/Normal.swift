import Statistics

/// N(0, standardDeviation²) regardless of layer size, e.g. the folklore "N(0,1) × 0.01".
public struct Normal: Initializer, Codable, Hashable {
  public let standardDeviation: Double
  public init(standardDeviation: Double) { self.standardDeviation = standardDeviation }
  public func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream) {
    fillNormal(weights, standardDeviation: standardDeviation, using: stream)
  }
}
