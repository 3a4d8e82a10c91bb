/// How much compute an experiment gets.
///
/// - `quick`: a CI smoke run: a training subset, 2 seeds, few epochs; every experiment together in a few
///   minutes on 2 cores. Its numbers show that the pipeline works, not whether a claim holds.
/// - `full`: what `results/` holds: at least 10 seeds for every compared arm and enough epochs for the
///   claim to show.
public enum Profile: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  case quick, full
  public var description: String { rawValue }

  /// `quick` or `full` value of a setting, e.g. `profile.pick(quick: 1, full: 10)`.
  public func pick<T>(quick: T, full: T) -> T { self == .quick ? quick : full }
}

/// Overrides from the command line (`--seeds N`, `--epochs N`).
public struct Overrides: Codable, Sendable, Hashable {
  public var seeds: Int?
  public var epochs: Int?
  public init(seeds: Int? = nil, epochs: Int? = nil) {
    self.seeds = seeds
    self.epochs = epochs
  }
  public var isEmpty: Bool { seeds == nil && epochs == nil }
}
