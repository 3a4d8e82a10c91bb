import Statistics

/// One of `count` disjoint parts of an experiment's cells, for running a suite on many machines at once
/// (`tricks run ... --shard 2/4`, one Slurm array task per shard).
///
/// A cell belongs to shard `index` when
///
/// ```
/// fnv1a64("<experiment>/<arm>/seed-<n>") mod count == index - 1
/// ```
///
/// The hash is FNV-1a over UTF-8 bytes, so the assignment depends on nothing but the names: every
/// machine, build and run agrees on it, and adding seeds or arms never moves an existing cell to
/// another shard. It is not balanced exactly: shards of a few cells can differ by several cells.
///
/// This is not a scheduler: a shard runs its cells and writes their records; `tricks report` builds the
/// tables once every shard has finished.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  /// 1-based, as Slurm's `SLURM_ARRAY_TASK_ID` of `--array=1-N`.
  public let index: Int
  public let count: Int

  public struct Invalid: Error, CustomStringConvertible {
    public let description: String
  }

  /// - Precondition: `1 <= index <= count`.
  public init(index: Int, count: Int) {
    precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) is out of range")
    self.index = index
    self.count = count
  }

  /// Parses "i/n", e.g. "2/4"; the error says what is wrong and what is expected.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw Invalid(description: "'\(text)' is not of the form i/n (e.g. 2/4: the second of four shards)")
    }
    guard count >= 1 else { throw Invalid(description: "'\(text)': the number of shards must be at least 1") }
    guard (1...count).contains(index) else {
      throw Invalid(description: "'\(text)': the shard number must be between 1 and \(count) (shards count from 1)")
    }
    self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }

  /// The text that is hashed: "<experiment>/<arm>/seed-<n>".
  public static func name(experiment: String, arm: String, seed: Int) -> String {
    "\(experiment)/\(arm)/seed-\(seed)"
  }

  /// The 1-based shard of `count` that a cell belongs to.
  public static func index(experiment: String, arm: String, seed: Int, count: Int) -> Int {
    Int(RandomStream.fnv1a64(name(experiment: experiment, arm: arm, seed: seed)) % UInt64(count)) + 1
  }

  public func contains(experiment: String, arm: String, seed: Int) -> Bool {
    Shard.index(experiment: experiment, arm: arm, seed: seed, count: count) == index
  }

  public func contains(experiment: String, _ key: CellKey) -> Bool {
    contains(experiment: experiment, arm: key.arm.name, seed: key.seed)
  }
}
