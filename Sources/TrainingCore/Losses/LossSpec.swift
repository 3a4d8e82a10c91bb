// The loss of a run as configuration: a Codable value naming any variant of `LossTable`'s losses.

/// A loss that `LossTable` lists: each of its variants is named by its `name`. A classification loss
/// scores outputs against class labels, a regression loss against target vectors (`Objective`).
public protocol LossKind: Sendable, Hashable {
  /// Every variant a run can name, in the order lists show them.
  static var variants: [Self] { get }
  var name: String { get }
  var objective: Objective { get }
}

extension LossKind where Self: ClassificationLoss {
  public var objective: Objective { .classification(self) }
}

extension LossKind where Self: RegressionLoss {
  public var objective: Objective { .regression(self) }
}

/// The loss a run trains with: any variant of `LossTable`. It encodes as its name, e.g. `"cross-entropy"`,
/// and `description` is the same stable name.
public struct LossSpec: Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  public let kind: any LossKind

  public init(_ kind: any LossKind) { self.kind = kind }

  /// The loss called `name`, or nil.
  public init?(name: String) {
    guard let spec = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = spec
  }

  /// Every variant of `LossTable`, in its order.
  public static var allCases: [LossSpec] { LossTable.all.flatMap { $0.variantSpecs } }

  public static var names: [String] { allCases.map(\.description) }

  /// What the trainer minimizes: the loss on labels or on target vectors.
  public var objective: Objective { kind.objective }

  public var description: String { kind.name }

  public static func == (a: LossSpec, b: LossSpec) -> Bool { a.description == b.description }
  public func hash(into hasher: inout Hasher) { hasher.combine(description) }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let spec = LossSpec(name: name) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "no loss '\(name)'")
    }
    self = spec
  }
}

extension LossKind {
  static var variantSpecs: [LossSpec] { variants.map(LossSpec.init) }
}
