/// Examples whose targets are real vectors, `count × targetWidth` (a regression).
public struct RegressionSet: Sendable {
  /// Row-major, `count × width`.
  public let features: [Float]
  public let width: Int
  /// Row-major, `count × targetWidth`.
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
}
