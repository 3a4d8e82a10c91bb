/// A configuration that cannot run, with a message that names the setting and says why.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Splits "name:argument" (e.g. "normal:0.01", "leaky-relu:0.2") into its name and optional number.
func splitNameAndNumber(_ text: String, setting: String) throws -> (name: String, number: Double?) {
  let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
  guard let name = parts.first?.lowercased(), !name.isEmpty else {
    throw ConfigurationError("\(setting): empty value")
  }
  guard parts.count == 2 else { return (name, nil) }
  guard let number = Double(parts[1]), number.isFinite else {
    throw ConfigurationError("\(setting): '\(parts[1])' in '\(text)' is not a finite number")
  }
  return (name, number)
}
