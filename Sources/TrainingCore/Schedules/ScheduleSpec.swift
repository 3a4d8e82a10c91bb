// The schedule of a run as one Codable value: experiments store it in arms, the trainer asks it for rates.

/// Any schedule of `ScheduleTable`, as one Codable, Hashable value that is itself a `LearningRateSchedule`;
/// or a request for one whose unset lengths the trainer fills in from the run it trains.
///
/// `description` is the wrapped schedule's, e.g. `step(base=0.05,gamma=0.1,stepSize=1000)`. Asking for the
/// rate calls the schedule through the existential made once, at construction: no allocation per step.
/// A request (`request(_:base:settings:)`) names a schedule with only some of its settings; the rest scale
/// with the run's length, which only the trainer knows (after the validation split and the subset), so
/// the trainer resolves it (`resolved(totalSteps:)`) before its first step.
public struct ScheduleSpec: LearningRateSchedule, Codable, Hashable {
  enum Form {
    case schedule(any ScheduleKind)
    case request(Request)
  }
  let form: Form

  init(form: Form) { self.form = form }

  public init(_ schedule: any ScheduleKind) { form = .schedule(schedule) }

  /// The schedule, or nil for a request not yet resolved.
  public var schedule: (any ScheduleKind)? {
    if case .schedule(let schedule) = form { schedule } else { nil }
  }

  public var isResolved: Bool { schedule != nil }

  /// - Precondition: resolved (`isResolved`): a request has no rates until it knows the run's length.
  public func learningRate(at step: Int) -> Double {
    switch form {
    case .schedule(let schedule): return schedule.learningRate(at: step)
    case .request(let request):
      preconditionFailure("\(request): resolve the schedule for the run's length first (resolved(totalSteps:))")
    }
  }

  public var description: String {
    switch form {
    case .schedule(let schedule): schedule.description
    case .request(let request): request.description
    }
  }

  /// The name of the schedule (the prefix of `description`).
  public var name: String {
    switch form {
    case .schedule(let schedule): type(of: schedule).name
    case .request(let request): request.kind.name
    }
  }

  /// The names of `ScheduleTable`, in its order.
  public static var names: [String] { ScheduleTable.all.map { $0.name } }

  public static func == (a: ScheduleSpec, b: ScheduleSpec) -> Bool {
    switch (a.form, b.form) {
    case let (.schedule(x), .schedule(y)): x.isEqual(to: y)
    case let (.request(x), .request(y)): x == y
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch form {
    case .schedule(let schedule): schedule.hashWithKind(into: &hasher)
    case .request(let request): hasher.combine(request)
    }
  }

  // A schedule encodes as its enum case did, `{"<codingKey>":{"_0":<schedule>}}`; a request as
  // `{"request":{...}}`, a key no schedule has.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: SpecKey.self)
    switch form {
    case .schedule(let schedule):
      var payload = container.nestedContainer(keyedBy: SpecKey.self, forKey: SpecKey(type(of: schedule).codingKey))
      try payload.encode(schedule, forKey: .unlabelled)
    case .request(let request):
      try container.encode(request, forKey: SpecKey(Request.codingKey))
    }
  }

  public init(from decoder: any Decoder) throws {
    let keys = try decoder.container(keyedBy: SpecKey.self).allKeys
    if keys.map(\.stringValue) == [Request.codingKey] {
      form = .request(try decoder.container(keyedBy: SpecKey.self).decode(Request.self, forKey: keys[0]))
      return
    }
    let (kind, key, container) = try SpecCoding.member(of: "schedule", in: ScheduleTable.all,
                                                       codingKey: { $0.codingKey }, from: decoder)
    let payload = try container.nestedContainer(keyedBy: SpecKey.self, forKey: key)
    form = .schedule(try kind.decode(from: payload, forKey: .unlabelled))
  }
}

extension ScheduleSpec {
  /// The schedule `kind` at rate scale `base` with the settings `settings` gives (each a list of numbers,
  /// usually one), the others left to `resolved(totalSteps:)`. Checks the settings now, so a bad one is
  /// refused before any data is loaded.
  /// - Throws: `ConfigurationError` (field `schedule`, or `learningRate` for `base`).
  public static func request(_ kind: any ScheduleKind.Type, base: Double,
                             settings: [String: [Double]] = [:]) throws -> ScheduleSpec {
    let request = Request(kind: kind, base: base, settings: settings)
    _ = try request.schedule(totalSteps: 1)
    return ScheduleSpec(form: .request(request))
  }

  /// This spec with a request's unset lengths scaled to a run of `totalSteps` updates; a schedule as it is.
  public func resolved(totalSteps: Int) throws -> ScheduleSpec {
    guard case .request(let request) = form else { return self }
    return ScheduleSpec(try request.schedule(totalSteps: totalSteps))
  }

  /// A schedule named with some of its settings, waiting for the run's length.
  struct Request: Codable, Hashable, CustomStringConvertible {
    static let codingKey = "request"
    let kind: any ScheduleKind.Type
    let base: Double
    let settings: [String: [Double]]

    init(kind: any ScheduleKind.Type, base: Double, settings: [String: [Double]]) {
      self.kind = kind
      self.base = base
      self.settings = settings
    }

    func schedule(totalSteps: Int) throws -> any ScheduleKind {
      guard base.isFinite, base >= 0 else {
        throw ConfigurationError(.learningRate, "must be a finite number >= 0, got \(base)")
      }
      var read = ScheduleSettings(totalSteps: totalSteps, given: settings)
      let schedule = try kind.init(base: base, settings: &read)
      if let unknown = settings.keys.sorted().first(where: { !read.keys.contains($0) }) {
        let takes = read.keys.isEmpty ? "it takes none" : "it takes \(read.keys.sorted().joined(separator: ", "))"
        throw ConfigurationError(.schedule, "'\(kind.name)' has no setting '\(unknown)'; \(takes)")
      }
      return schedule
    }

    var description: String {
      let given = settings.keys.sorted().map { ",\($0)=\(settings[$0]!)" }.joined()
      return "\(kind.name)(base=\(base)\(given), the rest scaled to the run)"
    }

    static func == (a: Request, b: Request) -> Bool {
      ObjectIdentifier(a.kind) == ObjectIdentifier(b.kind) && a.base == b.base && a.settings == b.settings
    }

    func hash(into hasher: inout Hasher) {
      hasher.combine(kind.name)
      hasher.combine(base)
      hasher.combine(settings)
    }

    enum CodingKeys: String, CodingKey { case name, base, settings }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(kind.name, forKey: .name)
      try container.encode(base, forKey: .base)
      try container.encode(settings, forKey: .settings)
    }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      let name = try container.decode(String.self, forKey: .name)
      guard let kind = ScheduleTable.kind(named: name) else {
        throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: "no schedule '\(name)'")
      }
      self.init(kind: kind, base: try container.decode(Double.self, forKey: .base),
                settings: try container.decode([String: [Double]].self, forKey: .settings))
      _ = try schedule(totalSteps: 1)
    }
  }
}
