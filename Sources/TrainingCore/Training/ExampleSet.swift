import Datasets

/// Rows of features, each with a target: what a trainer trains on or scores against.
///
/// Classification data (`Dataset`) has a class label per row; regression data (`RegressionSet`) a vector
/// of real targets. The trainer copies rows into its input buffers, so any set of the right width works.
public protocol ExampleSet: Sendable {
  var count: Int { get }
  var width: Int { get }
  /// Row-major features, `count × width`.
  var features: [Float] { get }
  /// Whether each row's target is a class label (else a vector of reals).
  var hasClassLabels: Bool { get }
  /// Copies example `index`'s target into row `row` of `targets`.
  func copyTarget(of index: Int, into targets: Targets, row: Int)
}

extension Dataset: ExampleSet {
  public var hasClassLabels: Bool { true }
  public func copyTarget(of index: Int, into targets: Targets, row: Int) {
    targets.labels[row] = labels[index]
  }
}

extension RegressionSet: ExampleSet {
  public var hasClassLabels: Bool { false }
  public func copyTarget(of index: Int, into targets: Targets, row: Int) {
    let destination = targets.values.storage + row * targetWidth
    for j in 0..<targetWidth { destination[j] = self.targets[index * targetWidth + j] }
  }
}

/// A batch's targets, one row per example: class labels, or target vectors for a regression.
public final class Targets {
  /// Class labels (classification).
  public let labels: UnsafeMutablePointer<Int32>
  /// Target vectors, (rows, output width) (regression).
  public let values: Matrix<Float>

  public init(capacity: Int, width: Int) {
    labels = .allocate(capacity: capacity)
    labels.initialize(repeating: 0, count: capacity)
    values = Matrix(rows: capacity, columns: width)
  }

  deinit { labels.deallocate() }
}
