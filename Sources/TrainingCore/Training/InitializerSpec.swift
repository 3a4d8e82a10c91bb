import Statistics

/// The initializers a configuration can name. `description` is the CLI spelling and is stable: it ends up
/// in CSVs and manifests.
public enum InitializerSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  case constant(Double)
  case normal(standardDeviation: Double)
  case truncatedNormal(standardDeviation: Double)
  case uniform(limit: Double)
  case glorotUniform, glorotNormal, heUniform, heNormal, lecunNormal

  public static let zeros = InitializerSpec.constant(0)

  /// CLI spellings; "normal", "truncated-normal", "uniform" and "constant" take ":<number>".
  public static let names = ["zeros", "constant:<value>", "normal:<std>", "truncated-normal:<std>",
                             "uniform:<limit>", "glorot-uniform", "glorot-normal", "he-uniform", "he-normal",
                             "lecun-normal"]

  public var initializer: any Initializer {
    switch self {
    case .constant(let value): Constant(value)
    case .normal(let std): Normal(standardDeviation: std)
    case .truncatedNormal(let std): TruncatedNormal(standardDeviation: std)
    case .uniform(let limit): Uniform(limit: limit)
    case .glorotUniform: GlorotUniform()
    case .glorotNormal: GlorotNormal()
    case .heUniform: HeUniform()
    case .heNormal: HeNormal()
    case .lecunNormal: LeCunNormal()
    }
  }

  public var description: String {
    switch self {
    case .constant(0): "zeros"
    case .constant(let value): "constant:\(value)"
    case .normal(let std): "normal:\(std)"
    case .truncatedNormal(let std): "truncated-normal:\(std)"
    case .uniform(let limit): "uniform:\(limit)"
    case .glorotUniform: "glorot-uniform"
    case .glorotNormal: "glorot-normal"
    case .heUniform: "he-uniform"
    case .heNormal: "he-normal"
    case .lecunNormal: "lecun-normal"
    }
  }

  public init(parsing text: String) throws {
    let (name, number) = try splitNameAndNumber(text, setting: "--init")
    func needs(_ what: String) throws -> Double {
      guard let number else { throw ConfigurationError("--init: '\(name)' needs a \(what), e.g. \(name):0.01") }
      return number
    }
    func positive(_ what: String) throws -> Double {
      let value = try needs(what)
      guard value > 0 else { throw ConfigurationError("--init: the \(what) of '\(name)' must be positive, got \(value)") }
      return value
    }
    switch name {
    case "zeros", "zero": self = .zeros
    case "constant": self = .constant(try needs("value"))
    case "normal": self = .normal(standardDeviation: try positive("standard deviation"))
    case "truncated-normal": self = .truncatedNormal(standardDeviation: try positive("standard deviation"))
    case "uniform": self = .uniform(limit: try positive("limit"))
    case "glorot-uniform", "xavier-uniform", "xavier": self = .glorotUniform
    case "glorot-normal", "xavier-normal": self = .glorotNormal
    case "he-uniform", "kaiming-uniform": self = .heUniform
    case "he-normal", "kaiming-normal", "he", "msra": self = .heNormal
    case "lecun-normal", "lecun": self = .lecunNormal
    default:
      throw ConfigurationError("--init: unknown initializer '\(text)'; valid: \(Self.names.joined(separator: ", "))")
    }
  }
}
