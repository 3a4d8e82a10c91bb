// The activation of a network as configuration: a Codable value naming any member of `ActivationTable`,
// which builds the layer when the network is built.

/// An activation as a value that `ActivationTable` lists: its names, its settings, and the layer it builds.
public protocol ActivationKind: NamedKind {
  /// The layer computing this activation over `width` units.
  func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T>
}

extension ActivationKind {
  public static var field: ConfigurationError.Field { .activation }
}

/// The activation of a network's hidden (or output) layers: any member of `ActivationTable`.
/// `description` is its name, e.g. `relu` or `leaky-relu:0.2`, and reads back as the same activation.
public struct ActivationSpec: MemberSpec, Sendable {
  public let activation: any ActivationKind

  public var member: any SpecKind { activation }

  public init(_ activation: any ActivationKind) { self.activation = activation }

  /// The activation `name` (with `argument`, the number after it, if given) stands for, or nil for an
  /// unknown name.
  /// - Throws: `ConfigurationError` (field `activation`) for a missing, unwanted or bad number.
  public init?(name: String, argument: Double? = nil) throws {
    for kind in ActivationTable.all {
      if let activation = try kind.init(name: name, argument: argument) {
        self.init(activation)
        return
      }
    }
    return nil
  }

  /// How lists show the members of `ActivationTable`, in its order.
  public static var names: [String] { ActivationTable.all.flatMap { $0.spellings } }

  /// A layer computing this activation over `width` units.
  public func makeLayer<T: Scalar>(width: Int, as: T.Type = T.self) -> any Layer<T> {
    activation.makeLayer(width: width, as: T.self)
  }

  public init(from decoder: any Decoder) throws {
    let (kind, key, container) = try SpecCoding.member(of: "activation", in: ActivationTable.all,
                                                       codingKey: { $0.codingKey }, from: decoder)
    activation = try kind.decode(from: container, forKey: key)
  }
}
