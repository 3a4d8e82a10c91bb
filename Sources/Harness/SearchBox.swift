import Statistics

/// A box of hyper-parameters, each a (low, high) range, and the points a search of it tries.
///
/// Grid points sit at the centres of equal slabs in log space; random points are uniform in log space
/// (the scale on which learning rates and decays matter) or, for comparison, in the raw values.
public struct SearchBox: Sendable {
  public let ranges: [(low: Double, high: Double)]

  public init(_ ranges: [(low: Double, high: Double)]) {
    precondition(ranges.allSatisfy { 0 < $0.low && $0.low < $0.high }, "log-scale ranges need 0 < low < high")
    self.ranges = ranges
  }

  /// low · (high / low)^u: u ∈ [0, 1] on a log scale.
  func logValue(_ range: (low: Double, high: Double), _ u: Double) -> Double {
    range.low * Double.pow(range.high / range.low, u)
  }

  /// The full grid with `perAxis` points on every axis, in row-major order (the last axis fastest).
  public func grid(perAxis: Int) -> [[Double]] {
    let centres = (0..<perAxis).map { (Double($0) + 0.5) / Double(perAxis) }
    return ranges.reduce([[]]) { points, range in
      points.flatMap { point in centres.map { point + [logValue(range, $0)] } }
    }
  }

  /// The full grid of `trials` points: trials^(1/d) on each of the d axes.
  /// - Precondition: `trials` is a d-th power (only those make full grids, the fair form of grid search).
  public func grid(trials: Int) -> [[Double]] {
    let perAxis = (1...trials).first { Int(Double.pow(Double($0), Double(ranges.count))) >= trials }!
    precondition(Int(Double.pow(Double(perAxis), Double(ranges.count))) == trials,
                 "a full \(ranges.count)-D grid needs a \(ranges.count)-th power, not \(trials) trials")
    return grid(perAxis: perAxis)
  }

  /// `count` points uniform in log space, each drawing one number per axis in axis order.
  public func random(_ count: Int, stream: RandomStream) -> [[Double]] {
    (0..<count).map { _ in ranges.map { logValue($0, stream.uniform()) } }
  }

  /// `count` points uniform in the raw values.
  public func randomLinear(_ count: Int, stream: RandomStream) -> [[Double]] {
    (0..<count).map { _ in ranges.map { stream.uniform($0.low, $0.high) } }
  }
}
