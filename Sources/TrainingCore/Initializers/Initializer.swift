import Statistics

/// How a weight matrix is filled before training.
///
/// fanIn and fanOut are those of a dense layer with W: (out, in): fanIn = in, fanOut = out. Every draw comes
/// from the given named stream, so an initialization depends only on the names it was seeded from.
public protocol Initializer: Sendable {
  func initialize<T: Scalar>(_ weights: Matrix<T>, fanIn: Int, fanOut: Int, using stream: RandomStream)
}

extension Initializer {
  /// Fills with N(0, standardDeviation²).
  func fillNormal<T: Scalar>(_ weights: Matrix<T>, standardDeviation: Double, using stream: RandomStream) {
    for i in 0..<weights.count { weights.storage[i] = T(stream.gaussian(standardDeviation: standardDeviation)) }
  }

  /// Fills with U(-limit, limit).
  func fillUniform<T: Scalar>(_ weights: Matrix<T>, limit: Double, using stream: RandomStream) {
    for i in 0..<weights.count { weights.storage[i] = T(stream.uniform(-limit, limit)) }
  }
}
