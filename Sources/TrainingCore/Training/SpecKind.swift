// What the configurable families share. A schedule, optimizer, activation or initializer is a small
// value type in its own file (a "kind"), listed once in its family's table; the family's spec
// (`ScheduleSpec`, `OptimizerSpec`, ...) wraps any member of the table as one Codable, Hashable value.
//
// The specs were enums before the tables existed, and their JSON goes into manifests and cell
// fingerprints, so each spec still encodes as the synthesized enum did: one key, the old case name
// (`codingKey`), holding the member's payload, e.g. `{"heNormal":{}}` or `{"momentum":{"_0":0.9,...}}`.

/// One member of a configurable family, as a value: Codable, comparable, printable.
public protocol SpecKind: Codable, Hashable, Sendable, CustomStringConvertible {
  /// The key the family's spec stores this member's payload under, `{"<codingKey>": payload}`: the
  /// name of the enum case it was before the tables, kept so that encodings stay byte-identical.
  static var codingKey: String { get }
}

extension SpecKind {
  /// Whether `other` is the same member with the same settings.
  func isEqual(to other: any SpecKind) -> Bool { (other as? Self) == self }

  /// Hashes the member's type with its value, so equal settings of different members hash apart.
  func hashWithKind(into hasher: inout Hasher) {
    hasher.combine(Self.codingKey)
    hash(into: &hasher)
  }

  /// Decodes a member of this type from `container[key]`.
  static func decode(from container: KeyedDecodingContainer<SpecKey>, forKey key: SpecKey) throws -> Self {
    try container.decode(Self.self, forKey: key)
  }
}

/// A family's spec as one of its table's members: compared, hashed, printed and encoded as that member.
public protocol MemberSpec: Codable, Hashable, CustomStringConvertible {
  var member: any SpecKind { get }
}

extension MemberSpec {
  public static func == (a: Self, b: Self) -> Bool { a.member.isEqual(to: b.member) }
  public func hash(into hasher: inout Hasher) { member.hashWithKind(into: &hasher) }
  public var description: String { member.description }

  /// `{"<codingKey>": <payload>}`, as the enum it was encoded (`{"relu":{}}`, `{"constant":{"_0":0}}`).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: SpecKey.self)
    try container.encode(member, forKey: SpecKey(type(of: member).codingKey))
  }
}

/// A coding key spelled at run time: a member's `codingKey`, or `_0` (the synthesized key of an enum
/// case's unlabelled associated value).
struct SpecKey: CodingKey {
  let stringValue: String
  init(_ stringValue: String) { self.stringValue = stringValue }
  init?(stringValue: String) { self.stringValue = stringValue }
  var intValue: Int? { nil }
  init?(intValue: Int) { nil }

  static let unlabelled = SpecKey("_0")
}

enum SpecCoding {
  /// The one key of an encoded spec, the member type it names in `table`, and the container holding it.
  static func member<Kind>(of family: String, in table: [Kind], codingKey: (Kind) -> String,
                           from decoder: any Decoder) throws
    -> (kind: Kind, key: SpecKey, container: KeyedDecodingContainer<SpecKey>) {
    let container = try decoder.container(keyedBy: SpecKey.self)
    guard container.allKeys.count == 1, let key = container.allKeys.first else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                              debugDescription: "a \(family) is an object with exactly one key"))
    }
    guard let kind = table.first(where: { codingKey($0) == key.stringValue }) else {
      throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                             debugDescription: "no \(family) is encoded as '\(key.stringValue)'")
    }
    return (kind, key, container)
  }
}

/// A member called by name, perhaps with one number after the name: an activation ("elu:0.5") or an
/// initializer ("normal:0.01"). `description` is its name in that form, and reads back as the same member.
public protocol NamedKind: SpecKind {
  /// How lists of names show it: its name, with `[:alpha]` for an optional number and `:<std>` for a
  /// required one; a member with two names lists both ("zeros", "constant:<value>").
  static var spellings: [String] { get }
  /// The setting its errors are about.
  static var field: ConfigurationError.Field { get }
  /// The member `name` (its name or an alias) stands for, with `argument`, the number after the name if
  /// one was given; nil when `name` is none of its names.
  /// - Throws: `ConfigurationError` when the number is missing, not wanted, or out of range.
  init?(name: String, argument: Double?) throws
}

/// A member with no settings: one name, perhaps aliases, and no number.
public protocol PlainKind: NamedKind {
  /// Its name, then its aliases.
  static var names: [String] { get }
  init()
}

extension PlainKind {
  public static var spellings: [String] { [names[0]] }
  public var description: String { Self.names[0] }

  public init?(name: String, argument: Double?) throws {
    guard Self.names.contains(name) else { return nil }
    guard argument == nil else { throw ConfigurationError(Self.field, "'\(name)' takes no number") }
    self.init()
  }
}
