/// The activations a configuration can name; `description` is the stable CLI spelling.
public enum ActivationSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  case identity, sigmoid, hardSigmoid, tanh, softsign, softplus, relu
  case leakyReLU(alpha: Double)
  case prelu
  case elu(alpha: Double)
  case selu, gelu

  public static let names = ["identity", "sigmoid", "hard-sigmoid", "tanh", "softsign", "softplus", "relu",
                             "leaky-relu[:alpha]", "prelu", "elu[:alpha]", "selu", "gelu"]

  public var description: String {
    switch self {
    case .identity: "identity"
    case .sigmoid: "sigmoid"
    case .hardSigmoid: "hard-sigmoid"
    case .tanh: "tanh"
    case .softsign: "softsign"
    case .softplus: "softplus"
    case .relu: "relu"
    case .leakyReLU(let alpha): alpha == 0.01 ? "leaky-relu" : "leaky-relu:\(alpha)"
    case .prelu: "prelu"
    case .elu(let alpha): alpha == 1 ? "elu" : "elu:\(alpha)"
    case .selu: "selu"
    case .gelu: "gelu"
    }
  }

  public init(parsing text: String) throws {
    let (name, number) = try splitNameAndNumber(text, setting: "--activation")
    switch name {
    case "identity", "linear", "none": self = .identity
    case "sigmoid", "logistic": self = .sigmoid
    case "hard-sigmoid": self = .hardSigmoid
    case "tanh": self = .tanh
    case "softsign": self = .softsign
    case "softplus": self = .softplus
    case "relu": self = .relu
    case "leaky-relu", "lrelu": self = .leakyReLU(alpha: number ?? 0.01)
    case "prelu": self = .prelu
    case "elu": self = .elu(alpha: number ?? 1)
    case "selu": self = .selu
    case "gelu": self = .gelu
    default:
      throw ConfigurationError(
        "--activation: unknown activation '\(text)'; valid: \(Self.names.joined(separator: ", "))")
    }
  }

  /// A layer computing this activation over `width` units.
  public func makeLayer<T: Scalar>(width: Int, as: T.Type = T.self) -> any Layer<T> {
    switch self {
    case .identity: Identity<T>(width: width)
    case .sigmoid: Sigmoid<T>(width: width)
    case .hardSigmoid: HardSigmoid<T>(width: width)
    case .tanh: Tanh<T>(width: width)
    case .softsign: Softsign<T>(width: width)
    case .softplus: Softplus<T>(width: width)
    case .relu: ReLU<T>(width: width)
    case .leakyReLU(let alpha): LeakyReLU<T>(width: width, alpha: T(alpha))
    case .prelu: PReLU<T>(width: width)
    case .elu(let alpha): ELU<T>(width: width, alpha: T(alpha))
    case .selu: SELU<T>(width: width)
    case .gelu: GELU<T>(width: width)
    }
  }
}
