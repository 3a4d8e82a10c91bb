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
  /// Whether arms of the same layer shapes (`Arm.pairs(with:)`) share, per seed, their initial weights,
  /// dropout masks and data order (common random numbers: the random streams are named without the
  /// arm), so that comparisons between them use paired tests. Default false.
  var pairsArms: Bool { get }
  /// Tuning seeds per tuned arm and value (default: 1 quick, 2 full).
  func tuningSeedCount(for profile: Profile) -> Int
  /// The most evaluation seeds a power calculation may ask for (default 30).
  var seedCap: Int { get }
  /// Untuned arms of a tuned experiment that also run on the tuning seeds (at their evaluation budget,
  /// blind to the test set: a custom `runCell` must not read `test` at a seed ≥ `Tuning.firstSeed`), so
  /// that the power calculation (`SeedChoice`) has their spread, e.g. an arm whose value is found per
  /// seed. Default none.
  var pilotArms: [String] { get }
  /// The fewest evaluation seeds the power calculation may choose. Default `SeedChoice.minimum` (5); an
  /// experiment raises it when its tuning runs are known to understate the evaluation spread.
  var seedMinimum: Int { get }
  /// Groups of arms whose evaluation seeds are chosen apart from the other arms' (see `SeedGroup`), e.g.
  /// the CNN arms added beside an experiment's MLP arms. Default none: every arm shares one seed count.
  var seedGroups: [SeedGroup] { get }
}

extension Experiment {
  public var probes: [ProbeKind] { [] }
  public var findings: [Finding] { [] }
  public func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome? { nil }
  public func data(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> TrainingData? { nil }
  public func scalars(arm: Arm, epochs: [EpochRecord]) -> [String: Double] { [:] }
  public var pairsArms: Bool { false }
  public func tuningSeedCount(for profile: Profile) -> Int { profile.pick(quick: 1, full: 2) }
  public var seedCap: Int { 30 }
  public var pilotArms: [String] { [] }
  public var seedMinimum: Int { SeedChoice.minimum }
  public var seedGroups: [SeedGroup] { [] }
}

/// Arms of an experiment that get their own evaluation seeds: the arms with `factor` (e.g. model=cnn),
/// and the sub-claims whose rules compare only such arms.
///
/// A group has its own power calculation (`SeedChoice` over its sub-claims only, with its own `cap`),
/// its own Holm families (its sub-claims' p-values are adjusted among themselves), and its own declared
/// count (`seedCount`). The other arms and sub-claims are decided exactly as they would be without the
/// group: adding a group to an experiment changes none of their cells, seeds or adjusted p-values. It
/// is for a separate question asked within one claim ("does it hold on a CNN?"), whose cost and power
/// differ from the rest's.
public struct SeedGroup: Sendable, Hashable {
  public let name: String
  public let factor: Arm.Factor
  /// The most evaluation seeds its power calculation may ask for.
  public let cap: Int
  /// Quick and full declared counts (the full one is the fallback when the power calculation has
  /// nothing to go on, e.g. no arm of the group is tuned).
  public let quickSeeds: Int
  public let fullSeeds: Int

  public init(_ name: String, factor: Arm.Factor, cap: Int, quickSeeds: Int = 2, fullSeeds: Int) {
    self.name = name
    self.factor = factor
    self.cap = cap
    self.quickSeeds = quickSeeds
    self.fullSeeds = min(fullSeeds, cap)
  }

  public func contains(_ arm: Arm) -> Bool { arm.factors.contains(factor) }

  /// "model=cnn arms", as verdict.md and the manifest name the group.
  public var arms: String { "\(factor.name)=\(factor.value) arms" }
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

/// One testable part of a claim, with the rules that must all be supported for it to be supported.
public struct SubClaim: Sendable {
  public let id: String
  public let statement: String
  public let rules: [DecisionRule]
  /// What must hold for the rules to test the claim at all (e.g. "tanh is stuck without BN" before "BN
  /// un-sticks tanh"). Each is tested like a rule (in the experiment's Holm families); when one is not
  /// supported, the sub-claim is inconclusive whatever its rules say, and verdict.md and subclaims.csv's
  /// `precondition` column say which precondition was contradicted or undecided. Empty: none.
  public let preconditions: [DecisionRule]
  /// The smallest effect of interest, in the metric's units (0.005: half an accuracy point), decided
  /// before any run (Lakens 2017); the module says why. A `beats` rule is contradicted when the gain is
  /// significantly smaller than it, and the seed count is chosen to detect it. Nil: no effect size is
  /// claimed, so a `beats` rule is contradicted only by a significant opposite direction.
  public let smallestEffect: Double?
  public init(_ id: String, _ statement: String, smallestEffect: Double? = nil, preconditions: [DecisionRule] = [],
              rules: [DecisionRule]) {
    self.id = id
    self.statement = statement
    self.smallestEffect = smallestEffect
    self.preconditions = preconditions
    self.rules = rules
  }
}

/// An experiment's arms and seeds after the profile and command-line overrides are applied, and, once
/// its tuning runs are done (`resolved`), with each tuned arm at its selected value and the evaluation
/// seed count chosen.
public struct ExperimentPlan: Sendable {
  public let experiment: any Experiment
  public let profile: Profile
  public let overrides: Overrides
  /// The arms; a tuned arm holds its selected value once the plan is resolved.
  public private(set) var arms: [Arm]
  /// Evaluation seeds, 0..<n.
  public private(set) var seeds: [Int]
  /// Seeds of the tuning runs (`Tuning.seeds`), disjoint from `seeds`.
  public let tuningSeeds: [Int]
  /// Each tuned arm's tuning as far as its records go (set by `resolved`).
  public private(set) var tunings: [ArmTuning] = []
  /// How the evaluation seed count was chosen (set by `resolved`).
  public private(set) var seedChoice: SeedChoice?
  /// The runs of `Experiment.pilotArms` on the tuning seeds (set by `resolved`).
  public private(set) var pilotRuns: [CellRecord] = []
  /// Evaluation seeds of each `SeedGroup`, by name (its arms run these instead of `seeds`).
  public private(set) var groupSeeds: [String: [Int]] = [:]
  /// How each group's seed count was chosen (set by `resolved`).
  public private(set) var groupSeedChoices: [String: SeedChoice] = [:]

  /// Evaluation seeds stay below the first tuning seed.
  public static let maximumSeeds = Tuning.firstSeed

  public init(_ experiment: any Experiment, profile: Profile, overrides: Overrides = Overrides()) {
    self.experiment = experiment
    self.profile = profile
    self.overrides = overrides
    arms = experiment.arms(for: profile).map { arm in
      var arm = arm
      if let epochs = overrides.epochs { arm.configuration.epochs = epochs }
      return arm
    }
    seeds = Array(0..<min(overrides.seeds ?? experiment.seedCount(for: profile), Self.maximumSeeds))
    for group in experiment.seedGroups {
      let declared = profile.pick(quick: group.quickSeeds, full: group.fullSeeds)
      groupSeeds[group.name] = Array(0..<min(overrides.seeds ?? declared, Self.maximumSeeds))
    }
    tuningSeeds = Tuning.seeds(experiment.tuningSeedCount(for: profile))
  }

  /// Whether some arm tunes a hyper-parameter.
  public var isTuned: Bool { arms.contains { $0.tuning != nil } }

  /// CPU seconds of the tuning runs with records (nil when no arm is tuned).
  public var tuningSecondsTotal: Double? {
    isTuned ? tunings.flatMap(\.runs).reduce(0) { $0 + $1.record.seconds } + pilotRuns.reduce(0) { $0 + $1.seconds } : nil
  }

  /// The pilot runs: each of `Experiment.pilotArms` on each tuning seed (none without a tuned arm).
  public var pilotKeys: [CellKey] {
    guard isTuned else { return [] }
    return arms.filter { experiment.pilotArms.contains($0.name) }.flatMap { arm in tuningSeeds.map { CellKey(arm: arm, seed: $0) } }
  }

  /// The evaluation cells.
  public var cells: [CellKey] { arms.flatMap { arm in seeds(of: arm).map { CellKey(arm: arm, seed: $0) } } }

  /// The seed group `arm` belongs to, or nil (the experiment's own seeds).
  public func group(of arm: Arm) -> SeedGroup? { experiment.seedGroups.first { $0.contains(arm) } }

  /// The evaluation seeds of `group`'s arms (nil: the experiment's own).
  public func seeds(in group: SeedGroup?) -> [Int] { group.flatMap { groupSeeds[$0.name] } ?? seeds }

  /// The evaluation seeds of `arm`: its group's, else the experiment's.
  public func seeds(of arm: Arm) -> [Int] { seeds(in: group(of: arm)) }

  /// The seed group of a sub-claim: that of the arms its rules compare (nil: the experiment's own).
  public func group(of subClaim: SubClaim) -> SeedGroup? {
    let names = Set((subClaim.preconditions + subClaim.rules).flatMap(\.arms))
    return arms.first { names.contains($0.name) }.flatMap(group(of:))
  }

  /// The sub-claims of a seed group (nil: those of no group).
  public func subClaims(in group: SeedGroup?) -> [SubClaim] {
    experiment.subClaims.filter { self.group(of: $0) == group }
  }

  /// The evaluation seeds of a sub-claim's arms.
  public func seeds(of subClaim: SubClaim) -> [Int] { seeds(in: group(of: subClaim)) }

  /// The tuning state of every tuned arm, from the records that exist.
  public func tuningState(record: (CellKey) -> CellRecord?) -> [ArmTuning] {
    arms.compactMap { arm in
      arm.tuning.map { ArmTuning(arm: arm, tuning: $0, seeds: tuningSeeds, record: record) }
    }
  }

  /// The plan with every tuned arm at its selected value and the seeds of `seedChoice`.
  /// - Precondition: every tuning is complete (`selected` set).
  public func resolved(_ tunings: [ArmTuning], seedChoice: SeedChoice?, pilots: [CellRecord] = [],
                       groupSeedChoices: [String: SeedChoice] = [:]) -> ExperimentPlan {
    var plan = self
    plan.pilotRuns = pilots
    let selected = Dictionary(uniqueKeysWithValues: tunings.map { ($0.arm, $0.selected!) })
    plan.arms = arms.map { arm in
      guard let tuning = arm.tuning, let value = selected[arm.name] else { return arm }
      return Arm(arm.name, tuning.set.apply(arm.configuration, value), factors: arm.factors, tuning: tuning)
    }
    plan.tunings = tunings
    plan.seedChoice = seedChoice
    if let seedChoice { plan.seeds = Array(0..<seedChoice.seeds) }
    plan.groupSeedChoices = groupSeedChoices
    for (name, choice) in groupSeedChoices { plan.groupSeeds[name] = Array(0..<choice.seeds) }
    return plan
  }

  /// The fingerprint of a cell of this plan (a tuning run's without probes, which it does not run).
  public func fingerprint(_ key: CellKey) -> String {
    key.fingerprint(experiment: experiment.id, probes: key.isTuning ? [] : experiment.probes,
                    pairsArms: experiment.pairsArms)
  }

  /// Whether two arms' comparisons are paired (see `Experiment.pairsArms`).
  public func pairs(_ a: String, _ b: String) -> Bool {
    guard experiment.pairsArms, let x = arms.first(where: { $0.name == a }),
          let y = arms.first(where: { $0.name == b }) else { return false }
    return x.pairs(with: y)
  }
}
