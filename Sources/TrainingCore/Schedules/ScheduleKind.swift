// What a schedule declares to be one of `ScheduleTable`'s: its name, and how it is built from named
// settings with defaults scaled to the run. A schedule's own file holds all of it (see Fixed.swift, the
// smallest, or StepDecay.swift).

/// A learning-rate schedule that `ScheduleTable` lists, so runs can name it and give it settings.
public protocol ScheduleKind: SpecKind, LearningRateSchedule {
  /// The word that starts `description` and names the schedule among its settings ("step").
  static var name: String { get }

  /// The schedule scaled by `base` (its starting or peak rate), with the settings `settings` holds and
  /// defaults for the others; lengths left unset are fractions of `settings.totalSteps`.
  /// - Throws: `ConfigurationError` (field `schedule`) when a setting is out of range.
  init(base: Double, settings: inout ScheduleSettings) throws
}

/// The settings a schedule was given by name (`gamma` = 0.1, `milestones` = 2000, 4000), as
/// `ScheduleKind.init(base:settings:)` reads them, and the length of the run its defaults scale to.
///
/// Each read records its key, so that a setting nobody read (a misspelling) is refused afterwards with
/// the list of those the schedule takes.
public struct ScheduleSettings: Sendable {
  /// Optimizer updates in the whole run (epochs × batches per epoch), at least 1.
  public let totalSteps: Int
  let given: [String: [Double]]
  /// The keys read so far: the settings this schedule takes.
  public private(set) var keys: [String] = []

  init(totalSteps: Int, given: [String: [Double]]) {
    self.totalSteps = max(1, totalSteps)
    self.given = given
  }

  /// The range a number must lie in.
  public enum Bounds: Sendable {
    case any
    case atLeast(Double)
    case above(Double)
    case within(ClosedRange<Double>)

    func admits(_ value: Double) -> Bool {
      switch self {
      case .any: true
      case .atLeast(let low): value >= low
      case .above(let low): value > low
      case .within(let range): range.contains(value)
      }
    }

    var words: String {
      switch self {
      case .any: "finite"
      case .atLeast(let low): ">= \(low)"
      case .above(let low): "> \(low)"
      case .within(let range): "in [\(range.lowerBound), \(range.upperBound)]"
      }
    }
  }

  /// The number given for `key`, else `fallback`.
  public mutating func number(_ key: String, default fallback: Double, _ bounds: Bounds = .any) throws -> Double {
    guard let value = try single(key) else { return fallback }
    guard value.isFinite, bounds.admits(value) else {
      throw ConfigurationError(.schedule, "\(key) must be \(bounds.words), got \(value)")
    }
    return value
  }

  /// The whole number of steps (at least 1) given for `key`, else `fallback`.
  public mutating func steps(_ key: String, default fallback: Int) throws -> Int {
    guard let value = try single(key) else { return fallback }
    return try Self.wholeSteps(value, key)
  }

  /// The step numbers given for `key`, each at least 1, strictly increasing; else `fallback`.
  public mutating func stepList(_ key: String, default fallback: [Int]) throws -> [Int] {
    keys.append(key)
    guard let values = given[key] else { return fallback }
    let steps = try values.map { try Self.wholeSteps($0, key) }
    guard !steps.isEmpty, zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw ConfigurationError(.schedule, "\(key) must be step numbers in increasing order, got \(steps)")
    }
    return steps
  }

  private mutating func single(_ key: String) throws -> Double? {
    keys.append(key)
    guard let values = given[key] else { return nil }
    guard values.count == 1 else { throw ConfigurationError(.schedule, "\(key) takes one number, got \(values.count)") }
    return values[0]
  }

  /// Below 1e12 so that the step arithmetic cannot overflow.
  private static func wholeSteps(_ value: Double, _ key: String) throws -> Int {
    guard value >= 1, value == value.rounded(), value < 1e12 else {
      let shown = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
      throw ConfigurationError(.schedule, "\(key) must be a whole number of steps >= 1, got \(shown)")
    }
    return Int(value)
  }
}
