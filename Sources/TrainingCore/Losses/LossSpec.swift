/// The classification losses a configuration can name; `description` is the stable CLI spelling.
public enum LossSpec: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case crossEntropy = "cross-entropy"
  case mseSoftmax = "mse-softmax"
  case mseLogits = "mse-logits"

  public var description: String { rawValue }
  public static var names: [String] { allCases.map(\.rawValue) }

  public var loss: any ClassificationLoss {
    switch self {
    case .crossEntropy: SoftmaxCrossEntropy()
    case .mseSoftmax: MeanSquaredError(on: .softmaxOutputs)
    case .mseLogits: MeanSquaredError(on: .logits)
    }
  }

  public init(parsing text: String) throws {
    guard let value = LossSpec(rawValue: text.lowercased()) else {
      throw ConfigurationError("--loss: unknown loss '\(text)'; valid: \(Self.names.joined(separator: ", "))")
    }
    self = value
  }
}
