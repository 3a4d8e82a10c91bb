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
  /// Copies example `index`'s target into row `row` of `targets`.
  func copyTarget(of index: Int, into targets: Targets, row: Int)
}

extension Dataset: ExampleSet {
  public func copyTarget(of index: Int, into targets: Targets, row: Int) {
    targets.labels[row] = labels[index]
  }
}

/// Examples whose targets are real vectors, `count × targetWidth` (a regression).
public struct RegressionSet: ExampleSet {
  public let features: [Float]
  public let width: Int
  public let targets: [Float]
  public let targetWidth: Int
  public var count: Int { targets.count / targetWidth }

  public init(features: [Float], width: Int, targets: [Float], targetWidth: Int = 1) {
    precondition(width > 0 && targetWidth > 0, "a regression set needs positive widths")
    precondition(features.count * targetWidth == targets.count * width,
                 "\(features.count) features and \(targets.count) targets are not rows of widths \(width), \(targetWidth)")
    self.features = features
    self.width = width
    self.targets = targets
    self.targetWidth = targetWidth
  }

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
