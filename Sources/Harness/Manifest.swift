import Foundation
import TrainingCore

/// Provenance written beside an experiment's tables (`manifest.json`): what produced them, with what
/// code, on which BLAS. Timings live here (and in the run log), never in the CSVs.
public struct Manifest: Codable, Sendable {
  public struct ArmEntry: Codable, Sendable {
    public var name: String
    public var description: String
    public var configuration: RunConfiguration
  }

  public struct ProvenanceCount: Codable, Sendable, Equatable {
    /// Nil for cells whose records predate `CellRecord.provenance`.
    public var provenance: CellProvenance?
    public var cells: Int

    /// Cells per provenance, in order of first appearance. More than one entry: the cells were computed by
    /// different BLAS builds, kernels, thread counts or code versions.
    public static func counts(of cells: [CellRecord]) -> [ProvenanceCount] {
      var counts: [ProvenanceCount] = []
      for cell in cells {
        if let index = counts.firstIndex(where: { $0.provenance == cell.provenance }) {
          counts[index].cells += 1
        } else {
          counts.append(.init(provenance: cell.provenance, cells: 1))
        }
      }
      return counts
    }
  }

  public var experiment: String
  public var title: String
  public var claim: String
  public var source: String
  public var profile: Profile
  public var overrides: Overrides
  public var seeds: [Int]
  public var arms: [ArmEntry]
  public var probes: [ProbeKind]
  public var command: String
  public var tricksVersion: String
  public var resultsFormatVersion: Int
  public var coreVersion: Int
  /// The source commit of the `tricks` that wrote these tables and this manifest (`Provenance.gitCommit`),
  /// even when a report rebuilt them from cells computed earlier: the tables, statistics and verdict are
  /// that code's work, and it is the commit to check out to rebuild them byte for byte from the cells. The
  /// cells may come from other commits (they are kept across runs and shards); each cell's own commit is
  /// counted in `cellProvenance`.
  public var gitCommit: String
  public var swiftVersion: String
  public var blas: String
  /// Each cell runs with a single-threaded BLAS; cells run `jobs` at a time.
  public var blasThreadsPerCell: Int
  /// How many of the cells behind the tables were computed with each BLAS build, kernel, thread count
  /// and code version (cells are kept across runs, so they can come from several). More than one entry
  /// means the tables may not match a run made in one go. Nil in manifests written before it existed.
  public var cellProvenance: [ProvenanceCount]?
  public var jobs: Int
  public var cellsFinished: Int
  public var cellsDiverged: Int
  public var cellSecondsTotal: Double
  /// The verdict's kind, or `Manifest.incomplete` while the first run into this folder is going on.
  public var verdict: String
  public var writtenAt: String
  /// CPU seconds of the tuning runs, and how many there were (nil: the experiment tunes nothing).
  public var tuningSecondsTotal: Double? = nil
  public var tuningRuns: Int? = nil
  /// Why the evaluation seed count is what it is (`SeedChoice.reason`), when a power calculation chose it.
  public var seedChoice: String? = nil

  /// The `verdict` of a manifest written when a run starts, before its tables exist.
  public static let incomplete = "incomplete"

  static func read(from path: String) -> Manifest? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? JSONDecoder().decode(Manifest.self, from: data)
  }

  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }
}

/// Facts about the build and the machine, gathered once per process.
public enum Provenance {
  /// The commit of the source tree this binary was built from, from `commit(ofSourceTree:)`.
  ///
  /// Read from the tree at first use, not at build time: a tree edited or checked out after the build
  /// is misreported.
  public static let gitCommit: String = commit(ofSourceTree: packageRoot)

  /// The package root, found from this file's compile-time path (Sources/Harness/Manifest.swift), so it
  /// names the tree the binary was built from, not whatever folder the command runs in.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// What the binary is built from. results/, paper-notes/, the README and the tests are not.
  static let buildInputs = ["Package.swift", "Sources", "Experiments"]

  /// `HEAD` of the git tree at `root`, with "+uncommitted-changes" when a build input differs from it:
  /// edited, deleted, or an untracked file (SwiftPM compiles every source file in a target's folder).
  /// "unknown" outside a git tree.
  ///
  /// Only build inputs count because results/ is tracked too: a run rewrites it, so a check of the whole
  /// tree called binaries built from a clean commit "uncommitted" whenever results/ had not been committed
  /// yet (after `--fresh` deleted it, or a rerun after a first run).
  static func commit(ofSourceTree root: String) -> String {
    guard let commit = run(["git", "-C", root, "rev-parse", "HEAD"]) else { return "unknown" }
    let status = run(["git", "-C", root, "status", "--porcelain", "--untracked-files=normal", "--"] + buildInputs)
    let dirty = status.map { !$0.isEmpty } ?? false
    return commit + (dirty ? "+uncommitted-changes" : "")
  }

  public static let swiftVersion: String = {
    run(["swift", "--version"])?.split(separator: "\n").first.map(String.init) ?? "unknown"
  }()

  static func run(_ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
