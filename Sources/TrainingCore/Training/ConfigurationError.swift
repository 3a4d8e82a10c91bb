// A configuration that cannot run, said in the core's own terms: which setting, and why. The core never
// names a command-line flag; a front end (the `tricks` CLI) maps each field to its own spelling.

/// A setting that cannot make a run: the field at fault and the reason, e.g. field `batchSize`,
/// reason "must be at least 1, got 0".
///
/// `description` names fields as `RunConfiguration` does ("batchSize: must be at least 1, got 0");
/// `message(naming:)` lets a front end put its own name for each field, in the reason too, where a
/// reason compares with another setting ("must be above \(field: .minimumRate)").
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
  /// The settings a configuration error can be about.
  public enum Field: String, CaseIterable, Sendable {
    // RunConfiguration
    case batchSize, epochs, weightDecay, gradientClipNorm, trainSubset, validationSplit
    case earlyStoppingPatience, augmentation, preprocessing, testEvaluation
    case schedule, learningRate, optimizer, loss
    // NetworkSpec
    case inputWidth, hidden, outputWidth, activation, initializer, normalization, dropout, inputDropout, convolution
    // LearningRateRangeTest
    case minimumRate, maximumRate, steps, smoothing, divergenceFactor
  }

  /// Words, with fields named where a front end may spell them its own way.
  public struct Reason: Equatable, Sendable, ExpressibleByStringInterpolation {
    enum Part: Equatable, Sendable {
      case text(String)
      case field(Field)
    }
    var parts: [Part] = []

    public init(stringLiteral value: String) { parts = [.text(value)] }
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    public struct Interpolation: StringInterpolationProtocol {
      var parts: [Part] = []
      public init(literalCapacity: Int, interpolationCount: Int) {}
      public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }
      public mutating func appendInterpolation<T>(_ value: T) { parts.append(.text("\(value)")) }
      /// Another setting, named as the reader knows it.
      public mutating func appendInterpolation(field: Field) { parts.append(.field(field)) }
    }

    func text(naming name: (Field) -> String) -> String {
      parts.map { part in
        switch part {
        case .text(let text): text
        case .field(let field): name(field)
        }
      }.joined()
    }
  }

  public let field: Field
  public let reason: Reason

  public init(_ field: Field, _ reason: Reason) {
    self.field = field
    self.reason = reason
  }

  /// "<name of field>: <reason>", with every field named by `name`.
  public func message(naming name: (Field) -> String) -> String {
    "\(name(field)): \(reason.text(naming: name))"
  }

  public var description: String { message(naming: \.rawValue) }
}
