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
  public static let gitCommit: String = {
    // The commit of the source tree this binary was built from (found from this file's compile-time
    // path), not of whatever folder the command runs in.
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    guard let commit = run(["git", "-C", sources, "rev-parse", "HEAD"]) else { return "unknown" }
    let dirty = run(["git", "-C", sources, "status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
    return commit + (dirty ? "+uncommitted-changes" : "")
  }()

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
