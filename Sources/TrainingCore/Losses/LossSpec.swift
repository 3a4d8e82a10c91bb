/// The losses a configuration can name: classification losses, and regression losses for data whose
/// targets are real vectors (`RegressionSet`); `description` is the stable name in manifests.
public enum LossSpec: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case crossEntropy = "cross-entropy"
  case mseSoftmax = "mse-softmax"
  case mseLogits = "mse-logits"
  case l1 = "l1"
  case l2 = "l2"

  public var description: String { rawValue }
  public static var names: [String] { allCases.map(\.rawValue) }

  public var objective: Objective {
    switch self {
    case .crossEntropy: .classification(SoftmaxCrossEntropy())
    case .mseSoftmax: .classification(MeanSquaredError(on: .softmaxOutputs))
    case .mseLogits: .classification(MeanSquaredError(on: .logits))
    case .l1: .regression(L1Loss())
    case .l2: .regression(L2Loss())
    }
  }

  public init(parsing text: String) throws {
    guard let value = LossSpec(rawValue: text.lowercased()) else {
      throw ConfigurationError("--loss: unknown loss '\(text)'; valid: \(Self.names.joined(separator: ", "))")
    }
    self = value
  }
}
