import Foundation
import Statistics
import TrainingCore

/// What one (arm, seed) cell produced: written once, atomically, as `cells/<arm>__seed-<n>.json`, the
/// moment the cell finishes. Tables are always rebuilt from these records, so a killed run loses at
/// most the cells that were running, and `tricks report` never retrains.
public struct CellRecord: Codable, Sendable, Equatable {
  /// Bumped whenever the meaning of a record changes; older records are recomputed, not trusted.
  public static let formatVersion = 1

  public var formatVersion: Int
  public var experiment: String
  public var arm: String
  public var seed: Int
  /// `CellKey.fingerprint` of what produced it: configuration, profile and code version.
  public var fingerprint: String
  public var status: String
  public var divergedEpoch: Int?
  public var divergedStep: Int?
  public var epochs: [EpochRecord]
  /// Scalars measured by probes (e.g. "distinct_units"), as extra finals.csv columns.
  public var probes: [String: Double]
  /// Per-layer probe values (e.g. activation std of each hidden layer at init), for probes.csv.
  public var layerProbes: [LayerProbe]
  /// Per-epoch probe values, as extra curves.csv columns: name -> one value per epoch.
  public var curveProbes: [String: [Double]]
  /// CPU seconds of the thread that ran the cell (`ThreadCPUTime`; records written before 2026-12-03 hold
  /// wall seconds). Not part of any table: time and speed vary between runs and machines.
  public var seconds: Double
  public var samplesPerSecond: Double
  /// What computed the cell beyond its configuration: the BLAS build, kernel and thread count and the
  /// code version, which can change the bytes without changing the fingerprint. Nil in records written
  /// before it was added.
  public var provenance: CellProvenance? = nil
  /// With early stopping, the epoch whose weights the run kept (`RunResult.selectedEpoch`); nil when the
  /// last epoch's weights were kept (and then absent from the JSON, so older records read the same).
  public var selectedEpoch: Int? = nil

  public var diverged: Bool { status == "diverged" }

  /// The record of the model the run kept: the selected epoch's with early stopping, else the last one.
  /// Every "final" metric and finals.csv column reads this epoch.
  public var finalEpoch: EpochRecord? {
    guard let selectedEpoch else { return epochs.last }
    return epochs.first { $0.epoch == selectedEpoch }
  }

  public init(formatVersion: Int, experiment: String, arm: String, seed: Int, fingerprint: String, status: String,
              divergedEpoch: Int?, divergedStep: Int?, epochs: [EpochRecord], probes: [String: Double],
              layerProbes: [LayerProbe], curveProbes: [String: [Double]], seconds: Double, samplesPerSecond: Double) {
    self.formatVersion = formatVersion
    self.experiment = experiment
    self.arm = arm
    self.seed = seed
    self.fingerprint = fingerprint
    self.status = status
    self.divergedEpoch = divergedEpoch
    self.divergedStep = divergedStep
    self.epochs = epochs
    self.probes = probes
    self.layerProbes = layerProbes
    self.curveProbes = curveProbes
    self.seconds = seconds
    self.samplesPerSecond = samplesPerSecond
  }

  /// JSON with sorted keys (stable bytes) and NaN/infinity spelled as strings (probes of a dead network
  /// can be 0/0).
  public static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  public static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }

  public struct LayerProbe: Codable, Sendable, Equatable {
    public var probe: String
    public var layer: Int
    public var value: Double
    public init(probe: String, layer: Int, value: Double) {
      self.probe = probe
      self.layer = layer
      self.value = value
    }
  }
}

/// The facts outside a cell's configuration that can change its numbers (see README "Guarantees"):
/// OpenBLAS picks its kernels per CPU (`blasCore`) and sums in a thread-count-dependent order; a code
/// change that forgot to bump `ResultsVersion.core` shows up in `gitCommit`.
public struct CellProvenance: Codable, Sendable, Hashable {
  /// `openblas_get_config()`.
  public var blas: String
  /// The kernel family OpenBLAS chose for this CPU (`openblas_get_corename()`).
  public var blasCore: String
  public var blasThreads: Int
  public var gitCommit: String
  public var tricksVersion: String

  public init(blas: String, blasCore: String, blasThreads: Int, gitCommit: String, tricksVersion: String) {
    self.blas = blas
    self.blasCore = blasCore
    self.blasThreads = blasThreads
    self.gitCommit = gitCommit
    self.tricksVersion = tricksVersion
  }

  /// This process, now (BLAS's thread count is a process-wide setting read at the call).
  public static var current: CellProvenance {
    CellProvenance(blas: BLAS.configuration, blasCore: BLAS.coreName, blasThreads: BLAS.threads,
                   gitCommit: Provenance.gitCommit, tricksVersion: ResultsVersion.tricks)
  }
}

/// Identifies a cell and what it must have been computed from.
public struct CellKey: Sendable, Hashable {
  public let arm: Arm
  public let seed: Int

  /// "<arm>__seed-<n>.json"
  public var fileName: String { "\(arm.name)__seed-\(seed).json" }

  /// Whether this is a tuning run (its seed is a tuning seed, `Tuning.seeds`).
  public var isTuning: Bool { seed >= Tuning.firstSeed }

  /// A stable hash of everything that determines the cell's numbers: the configuration (as sorted-key
  /// JSON), the seed, the experiment's probes, how its random streams are named (`Experiment.pairsArms`),
  /// and the results format. Records with another fingerprint were made by other code or settings and are
  /// recomputed.
  ///
  /// Streams named per arm (an unpaired experiment) add a term and paired ones none: every experiment was
  /// paired when the term was added, so their records kept their fingerprints, while a record of the same
  /// arm and seed made with the other naming (other initial weights and data order) no longer passes.
  public func fingerprint(experiment: String, probes: [ProbeKind], pairsArms: Bool) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let configuration = (try? encoder.encode(arm.configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let parts = [experiment, arm.name, String(seed), configuration, probes.map(\.rawValue).joined(separator: ","),
                 "format-\(CellRecord.formatVersion)", "core-\(ResultsVersion.core)"]
      + (pairsArms ? [] : ["streams-per-arm"])
    return String(RandomStream.fnv1a64(parts.joined(separator: "|")), radix: 16)
  }
}

/// The version of the numerical core that produced results: bump it when a change to the core changes
/// numbers, so that old cell records are recomputed rather than mixed with new ones.
public enum ResultsVersion {
  public static let core = 1
  /// The tricks release, shown by `tricks --version`.
  public static let tricks = "0.1.0"
}
