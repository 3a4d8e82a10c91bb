import Foundation
import TrainingCore

/// A hyper-parameter an arm tunes on the validation split before its evaluation seeds run
/// (shared/protocol.md §2; Choi et al. 2019: rankings flip with the tuning protocol).
///
/// The protocol, the same for every tuned arm:
/// 1. Train the arm at every value of `grid` (log-spaced, ascending) on each tuning seed
///    (`Tuning.seeds`, disjoint from the evaluation seeds), at the evaluation budget, blind to the test set.
/// 2. Score each value by the mean final validation accuracy over the tuning seeds (a diverged run scores
///    chance); the best value wins, the smallest on ties.
/// 3. When the best value sits at an edge of the values tried, add the next grid point beyond it (the
///    grid's own ratio) and go back to 1, at most `maxExtensions` times on each side. A best value still at
///    an edge is kept and flagged.
/// 4. The evaluation seeds run at the selected value.
public struct Tuning: Sendable, Hashable {
  /// The tuning.csv name of the parameter, e.g. "learning_rate".
  public let parameter: String
  public let grid: [Double]
  public let maxExtensions: Int
  let set: Setter

  /// Writes a value into a configuration. Equal for every tuning of the same parameter name.
  struct Setter: Sendable, Hashable {
    let apply: @Sendable (RunConfiguration, Double) -> RunConfiguration
    static func == (a: Setter, b: Setter) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
  }

  public init(_ parameter: String, grid: [Double], maxExtensions: Int = 2,
              set: @escaping @Sendable (RunConfiguration, Double) -> RunConfiguration) {
    precondition(grid.count >= 2 && zip(grid, grid.dropFirst()).allSatisfy { 0 < $0 && $0 < $1 },
                 "a tuning grid needs at least two positive values in ascending order")
    self.parameter = parameter
    self.grid = grid
    self.maxExtensions = maxExtensions
    self.set = Setter(apply: set)
  }

  /// The constant learning rate (`Fixed` schedule) over `grid`.
  public static func learningRate(_ grid: [Double], maxExtensions: Int = 2) -> Tuning {
    Tuning("learning_rate", grid: grid, maxExtensions: maxExtensions) { configuration, rate in
      var configuration = configuration
      configuration.schedule = .fixed(Fixed(base: rate))
      return configuration
    }
  }

  /// The first tuning seed. Evaluation seeds are 0..<n with n at most `ExperimentPlan.maximumSeeds`, so
  /// the two sets never meet.
  public static let firstSeed = 1_000
  /// `count` tuning seeds: 1000, 1001, …
  public static func seeds(_ count: Int) -> [Int] { (0..<count).map { firstSeed + $0 } }

  /// The grid point beyond `values`' lowest (`below`) or highest value, at the grid's ratio, rounded to 12
  /// significant digits so that 0.1 · 10 stays 1.
  func nextValue(beyond values: [Double], below: Bool) -> Double {
    let ratio = grid[1] / grid[0]
    let next = below ? values.first! / ratio : values.last! * ratio
    return Double(String(format: "%.12g", next))!
  }

  /// The candidate arm that trains `arm` at `value`: named `<arm>@<parameter>=<value>`.
  func candidate(_ arm: Arm, _ value: Double) -> Arm {
    Arm("\(arm.name)@\(parameter)=\(value)", set.apply(arm.configuration, value), factors: arm.factors)
  }
}

/// Where an arm's tuning stands: the values tried, each one's mean validation score, and the selection
/// once every run it needs has a record.
public struct ArmTuning: Sendable {
  public enum Edge: String, Sendable { case none, extended, flagged }

  public let arm: String
  public let parameter: String
  /// Every value tried or to try, ascending.
  public let values: [Double]
  /// Mean validation accuracy per value over the tuning seeds, for values whose runs all have records.
  public let scores: [Double: Double]
  /// Nil until every needed run has a record.
  public let selected: Double?
  public let edge: Edge
  /// The tuning runs that still need a record (of the current round).
  public let missing: [CellKey]
  /// Every tuning run with a record: (value, seed, record).
  public let runs: [(value: Double, seed: Int, record: CellRecord)]

  /// Replays the protocol of `Tuning` over the records that exist, as far as they go.
  /// - Parameter record: the valid record of a cell, or nil.
  public init(arm: Arm, tuning: Tuning, seeds: [Int], record: (CellKey) -> CellRecord?) {
    self.arm = arm.name
    parameter = tuning.parameter
    var values = tuning.grid, below = 0, above = 0
    var scores: [Double: Double] = [:], runs: [(value: Double, seed: Int, record: CellRecord)] = []
    var missing: [CellKey] = []
    while true {
      runs = []
      missing = []
      for value in values {
        var total = 0.0, complete = true
        for seed in seeds {
          let key = CellKey(arm: tuning.candidate(arm, value), seed: seed)
          guard let cell = record(key) else { missing.append(key); complete = false; continue }
          runs.append((value, seed, cell))
          total += Metric.finalValidationAccuracy.value(of: cell, classes: arm.configuration.network.outputWidth) ?? .nan
        }
        if complete { scores[value] = total / Double(seeds.count) }
      }
      guard missing.isEmpty else { break }
      // The best mean score; NaN (no validation accuracy) never wins; `max(by:)` keeps the first of
      // equals, so ties keep the smaller value.
      let score = { (value: Double) in scores[value].flatMap { $0.isNaN ? nil : $0 } ?? -1 }
      let winner = values.max { score($0) < score($1) }!
      if winner == values.first, below < tuning.maxExtensions {
        values.insert(tuning.nextValue(beyond: values, below: true), at: 0)
        below += 1
      } else if winner == values.last, above < tuning.maxExtensions {
        values.append(tuning.nextValue(beyond: values, below: false))
        above += 1
      } else {
        self.values = values
        self.scores = scores
        self.runs = runs
        self.missing = []
        selected = winner
        edge = winner == values.first || winner == values.last ? .flagged : (below + above > 0 ? .extended : .none)
        return
      }
    }
    self.values = values
    self.scores = scores
    self.runs = runs
    self.missing = missing
    selected = nil
    edge = .none
  }
}

extension Tuning {
  /// `perDecade` log-spaced points per decade from `low` to `high` (both included), each 10^(k/perDecade)
  /// rounded to 12 significant digits: `logGrid(0.001, 0.1, perDecade: 2)` is 0.001, 0.00316227766017,
  /// 0.01, 0.0316227766017, 0.1.
  public static func logGrid(_ low: Double, _ high: Double, perDecade: Int) -> [Double] {
    let first = (Foundation.log10(low) * Double(perDecade)).rounded(), last = (Foundation.log10(high) * Double(perDecade)).rounded()
    return stride(from: first, through: last, by: 1).map { Double(String(format: "%.12g", Foundation.pow(10, $0 / Double(perDecade))))! }
  }
}
