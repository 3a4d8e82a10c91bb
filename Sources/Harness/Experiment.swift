import Datasets
import TrainingCore

/// One claim, as an experiment: what is claimed, which arms test it, how many seeds, what extra is
/// measured, and the rules that turn the measurements into a verdict.
///
/// An experiment is data: it builds configurations and rules, and never trains, writes or decides
/// anything itself. The harness runs it the same way for every claim.
public protocol Experiment: Sendable {
  /// Stable kebab-case id from shared/claims.md: the CLI argument, `results/<id>/`, `paper-notes/<id>.md`.
  var id: String { get }
  /// A short title, e.g. "Xavier vs He vs zero initialization".
  var title: String { get }
  /// The claim in one or two sentences.
  var claim: String { get }
  /// Where the claim comes from (articles and papers).
  var source: String { get }
  /// Extra measurements (see `ProbeKind`).
  var probes: [ProbeKind] { get }
  /// The sub-claims and the rules that decide each.
  var subClaims: [SubClaim] { get }
  /// Numbers reported beside the verdict without deciding it (e.g. the depth at which accuracy collapses).
  var findings: [Finding] { get }
  /// The arms for a profile (each arm's configuration holds its epochs and data budget).
  func arms(for profile: Profile) -> [Arm]
  /// Seeds per arm for a profile (seeds are 0..<n).
  func seedCount(for profile: Profile) -> Int
  /// Computes one cell itself, for a claim whose cell is not one training run of `arm.configuration` (a
  /// hyper-parameter search, a range test followed by training, a synthetic regression). Nil, the
  /// default: the harness trains `arm.configuration` with `Trainer`. It must be deterministic given the
  /// arm and seed (every draw from a `RandomStream` named by experiment, arm, seed and purpose) and must
  /// not write anything; `probes` are not run for such cells.
  func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome?
  /// The data a cell trains and is scored on, when it is not Fashion-MNIST as the configuration subsets
  /// and splits it (a synthetic regression, one fixed batch). Nil, the default: Fashion-MNIST. Like
  /// `runCell`, deterministic given the arm and seed.
  func data(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> TrainingData?
  /// Scalars derived from a cell's epoch records (e.g. the first epoch whose loss is below a target), as
  /// finals.csv columns beside the probes'.
  func scalars(arm: Arm, epochs: [EpochRecord]) -> [String: Double]
}

extension Experiment {
  public var probes: [ProbeKind] { [] }
  public var findings: [Finding] { [] }
  public func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome? { nil }
  public func data(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> TrainingData? { nil }
  public func scalars(arm: Arm, epochs: [EpochRecord]) -> [String: Double] { [:] }
}

/// What an experiment's own `runCell` measured; the harness wraps it into a `CellRecord`.
public struct CellOutcome: Sendable {
  public var status: RunStatus
  /// Per-epoch curves (of the run the cell reports, e.g. a search's best trial).
  public var epochs: [EpochRecord]
  /// Scalars, as finals.csv columns and `Metric.probe` / `Metric.lowerProbe` values.
  public var probes: [String: Double]
  /// Per-epoch extra columns of curves.csv: name -> one value per epoch.
  public var curveProbes: [String: [Double]]
  /// Not part of any table (wall-clock dependent).
  public var samplesPerSecond: Double
  /// The epoch whose model the cell reports as final (`CellRecord.selectedEpoch`); nil: the last.
  public var selectedEpoch: Int?

  public init(status: RunStatus = .ok, epochs: [EpochRecord], probes: [String: Double] = [:],
              curveProbes: [String: [Double]] = [:], samplesPerSecond: Double = 0, selectedEpoch: Int? = nil) {
    self.status = status
    self.epochs = epochs
    self.probes = probes
    self.curveProbes = curveProbes
    self.samplesPerSecond = samplesPerSecond
    self.selectedEpoch = selectedEpoch
  }
}

/// One testable part of a claim, with the rules that must all hold for it to be reproduced.
public struct SubClaim: Sendable {
  public let id: String
  public let statement: String
  public let rules: [DecisionRule]
  public init(_ id: String, _ statement: String, rules: [DecisionRule]) {
    self.id = id
    self.statement = statement
    self.rules = rules
  }
}

/// An experiment's arms and seeds after the profile and command-line overrides are applied.
public struct ExperimentPlan: Sendable {
  public let experiment: any Experiment
  public let profile: Profile
  public let overrides: Overrides
  public let arms: [Arm]
  public let seeds: [Int]

  public init(_ experiment: any Experiment, profile: Profile, overrides: Overrides = Overrides()) {
    self.experiment = experiment
    self.profile = profile
    self.overrides = overrides
    arms = experiment.arms(for: profile).map { arm in
      var arm = arm
      if let epochs = overrides.epochs { arm.configuration.epochs = epochs }
      return arm
    }
    seeds = Array(0..<(overrides.seeds ?? experiment.seedCount(for: profile)))
  }

  public var cells: [CellKey] { arms.flatMap { arm in seeds.map { CellKey(arm: arm, seed: $0) } } }
}
