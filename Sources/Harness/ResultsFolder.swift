import Foundation

/// Why a results folder refuses a run or a report: the facts only. The command line words them and adds
/// the flag that fixes each (`tricks run` can start afresh, `tricks report` can use the folder's own
/// settings), so the harness names no flag.
public enum ResultsFolderError: Error, Equatable, CustomStringConvertible {
  /// `path` exists but is not a `Manifest`.
  case foreignManifest(path: String)
  /// `folder` holds results made with `stored`, not the `requested` settings; mixing them would put cells
  /// of two protocols in one table.
  case otherSettings(folder: String, stored: ResultsSettings, requested: ResultsSettings)
  /// `folder` holds no cell records of `experiment`.
  case noResults(experiment: String, folder: String)
  /// A sharded run was asked to clear its folders first, which would delete the cells of the other shards.
  case freshWithShard
  /// Another run is writing into `folder` (`FolderLock`): `pids` hold the lock (empty when unknown, e.g.
  /// on another machine), shards of a sharded run when `sharedByShards`.
  case busy(folder: String, pids: [Int32], sharedByShards: Bool)

  public var description: String {
    switch self {
    case .foreignManifest(let path): "\(path) is not a TrainingTricks manifest"
    case .otherSettings(let folder, let stored, let requested): "\(folder) holds results of \(stored), not \(requested)"
    case .noResults(let experiment, let folder): "no results for \(experiment) in \(folder)"
    case .freshWithShard: "a sharded run cannot clear its folders: that would delete the cells of the other shards"
    case .busy(let folder, let pids, let shards):
      "\(folder) is being written by \(shards ? "the shards of a sharded run" : "another run")"
        + (pids.isEmpty ? "" : " (pid \(pids.map(String.init).joined(separator: ", ")))")
    }
  }
}

/// The settings that decide which cells an experiment's folder holds: the profile and its overrides.
public struct ResultsSettings: Sendable, Equatable, CustomStringConvertible {
  public var profile: Profile
  public var overrides: Overrides

  public init(profile: Profile, overrides: Overrides) {
    self.profile = profile
    self.overrides = overrides
  }

  /// "profile quick (seeds 2, epochs 1)".
  public var description: String {
    var parts: [String] = []
    if let seeds = overrides.seeds { parts.append("seeds \(seeds)") }
    if let epochs = overrides.epochs { parts.append("epochs \(epochs)") }
    return "profile \(profile)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
  }
}

extension Manifest {
  /// The manifest of the experiment folder `folder` (`<out>/<id>`), or nil when it has none yet.
  ///
  /// - Throws: `ResultsFolderError.foreignManifest` when `manifest.json` is there but is not ours.
  public static func stored(in folder: String) throws -> Manifest? {
    let path = folder + "/manifest.json"
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let manifest = read(from: path) else { throw ResultsFolderError.foreignManifest(path: path) }
    return manifest
  }

  public var settings: ResultsSettings { ResultsSettings(profile: profile, overrides: overrides) }
}
