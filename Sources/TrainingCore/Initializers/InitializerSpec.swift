// The weight initializer of a network as configuration: a Codable value naming any member of
// `InitializerTable`, each of which is itself the `Initializer`.

/// An initializer that `InitializerTable` lists: named, Codable, and itself the `Initializer`.
public protocol InitializerKind: NamedKind, Initializer {}

extension InitializerKind {
  public static var field: ConfigurationError.Field { .initializer }

  /// The number after `name` in `name:<number>`, which this initializer requires; `what` says what it is.
  static func requiredArgument(_ argument: Double?, of name: String, _ what: String) throws -> Double {
    guard let argument else { throw ConfigurationError(.initializer, "'\(name)' needs a \(what), e.g. \(name):0.01") }
    return argument
  }

  /// As `requiredArgument`, and positive.
  static func positiveArgument(_ argument: Double?, of name: String, _ what: String) throws -> Double {
    let value = try requiredArgument(argument, of: name, what)
    guard value > 0 else {
      throw ConfigurationError(.initializer, "the \(what) of '\(name)' must be positive, got \(value)")
    }
    return value
  }
}

/// The initializer of a network's dense weights: any member of `InitializerTable`. `description` is its
/// name (`he-normal`, `normal:0.01`, `zeros`) and is stable: it ends up in CSVs and manifests.
public struct InitializerSpec: MemberSpec, Sendable {
  public let kind: any InitializerKind

  public var member: any SpecKind { kind }

  public init(_ kind: any InitializerKind) { self.kind = kind }

  /// The initializer `name` (with `argument`, the number after it, if given) stands for, or nil for an
  /// unknown name.
  /// - Throws: `ConfigurationError` (field `initializer`) for a missing, unwanted or bad number.
  public init?(name: String, argument: Double? = nil) throws {
    for kind in InitializerTable.all {
      if let initializer = try kind.init(name: name, argument: argument) {
        self.init(initializer)
        return
      }
    }
    return nil
  }

  /// How lists show the members of `InitializerTable`, in its order.
  public static var names: [String] { InitializerTable.all.flatMap { $0.spellings } }

  public var initializer: any Initializer { kind }

  public init(from decoder: any Decoder) throws {
    let (member, key, container) = try SpecCoding.member(of: "initializer", in: InitializerTable.all,
                                                         codingKey: { $0.codingKey }, from: decoder)
    kind = try member.decode(from: container, forKey: key)
  }
}
