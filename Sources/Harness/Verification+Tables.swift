import Foundation

extension Verification {
  /// A difference between a committed file and the one rebuilt from the committed cells.
  public struct FileDifference: Sendable, Equatable {
    /// The experiment whose folder holds the file; nil for the suite's own files (README.md, index.html).
    public let experiment: String?
    /// The path inside the experiment's folder (or the results folder), e.g. "finals.csv", "plots/x.svg".
    public let file: String
    /// What differs: "file" (present on one side only), "line 4 (arm he, seed 1), column test_accuracy",
    /// "line 12", or a JSON path for manifest.json.
    public let field: String
    public let committed: String
    public let new: String
  }

  /// The manifest fields that legitimately change when the same cells are rebuilt into tables: when the
  /// tables were written, and the commit of the code that wrote them (`Manifest.gitCommit`). The cells'
  /// own commits (`cellProvenance`) are compared.
  public static let manifestFieldsNotCompared: [String] = ["writtenAt", "gitCommit"]

  /// Rebuilds the tables of `plans` from the cells in `root` into `scratch`, as `tricks report` would in
  /// `root` (each plan's manifest is copied so the run's provenance is kept, and its `cells` folder is
  /// linked, not copied). Nothing is written into `root`.
  public static func rebuildTables(_ plans: [ExperimentPlan], from root: String, into scratch: String,
                                   log: @escaping @Sendable (String) -> Void) throws -> [Tables] {
    for plan in plans {
      let source = URL(fileURLWithPath: root + "/" + plan.experiment.id).standardizedFileURL.path
      let target = scratch + "/" + plan.experiment.id
      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(atPath: target + "/cells", withDestinationPath: source + "/cells")
      if FileManager.default.fileExists(atPath: source + "/manifest.json") {
        try FileManager.default.copyItem(atPath: source + "/manifest.json", toPath: target + "/manifest.json")
      }
    }
    return try Runner(options: .init(outputRoot: scratch, jobs: 1), log: log).report(plans)
  }

  /// What `compareFolders` found: the differences, and the report files (the suite's README.md and
  /// index.html, an experiment's plots) that the rebuild wrote but the committed folder lacks, as after
  /// `tricks run`, which writes tables but no report: nothing to compare them with.
  public struct FolderComparison: Sendable {
    public var differences: [FileDifference] = []
    public var filesCompared = 0
    public var reportFilesNotCommitted: [String] = []
  }

  /// Every difference between the files of `committed` and `rebuilt` (results folders): their top-level
  /// files, and in the folder of each of `experiments` its top-level files (the tables) and plots (not
  /// its cells). A table on one side only is a difference, and so is a committed report file not rebuilt.
  public static func compareFolders(committed: String, rebuilt: String, experiments: [String]) -> FolderComparison {
    var comparison = FolderComparison()
    for (experiment, folder) in [(String?.none, "")] + experiments.map({ (Optional($0), "/" + $0) }) {
      let names = Set(files(in: committed + folder, withPlots: experiment != nil))
        .union(files(in: rebuilt + folder, withPlots: experiment != nil)).sorted()
      for name in names {
        let a = FileManager.default.contents(atPath: committed + folder + "/" + name)
        let b = FileManager.default.contents(atPath: rebuilt + folder + "/" + name)
        let isReport = experiment == nil || name.hasPrefix("plots/")
        if a == nil, b != nil, isReport {
          comparison.reportFilesNotCommitted.append(String((folder + "/" + name).dropFirst()))
          continue
        }
        comparison.filesCompared += 1
        guard let a, let b else {
          comparison.differences.append(FileDifference(experiment: experiment, file: name, field: "file",
                                                       committed: a == nil ? "absent" : "present", new: b == nil ? "absent" : "present"))
          continue
        }
        comparison.differences += compareFile(name, committed: a, new: b).map {
          FileDifference(experiment: experiment, file: name, field: $0.field, committed: $0.committed, new: $0.new)
        }
      }
    }
    return comparison
  }

  /// The differences between two versions of one file, by field: manifest.json by JSON path without
  /// `manifestFieldsNotCompared`, CSV by line and column, any other text by line.
  public static func compareFile(_ name: String, committed: Data, new: Data) -> [RecordComparison.FieldDifference] {
    if committed == new { return [] }
    if name.hasSuffix("manifest.json") {
      return RecordComparison.differences(committed: committed, new: new, excluding: Set(manifestFieldsNotCompared))
    }
    let a = lines(committed), b = lines(new)
    let header = name.hasSuffix(".csv") ? a.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : nil
    var found: [RecordComparison.FieldDifference] = []
    for index in 0..<max(a.count, b.count) {
      let x = index < a.count ? a[index] : nil, y = index < b.count ? b[index] : nil
      guard x != y else { continue }
      guard let x, let y else {
        found.append(.init(field: "line \(index + 1)", committed: x ?? "absent", new: y ?? "absent"))
        continue
      }
      let xs = x.split(separator: ",", omittingEmptySubsequences: false), ys = y.split(separator: ",", omittingEmptySubsequences: false)
      guard let header, index > 0, xs.count == header.count, ys.count == header.count else {
        found.append(.init(field: "line \(index + 1)", committed: x, new: y))
        continue
      }
      let row = zip(header, xs).prefix(4).filter { Self.rowKeys.contains($0.0) }
      let label = row.isEmpty ? "" : " (" + row.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
      for column in header.indices where xs[column] != ys[column] {
        found.append(.init(field: "line \(index + 1)\(label), column \(header[column])", committed: String(xs[column]), new: String(ys[column])))
      }
    }
    // Bytes differ but no line does (e.g. only a final newline): say so rather than pass.
    return found.isEmpty ? [.init(field: "bytes", committed: "\(committed.count) bytes", new: "\(new.count) bytes")] : found
  }

  /// The leading CSV columns that say which row a difference is in.
  static let rowKeys: Set<String> = ["arm", "seed", "epoch", "metric", "arm_a", "arm_b", "sub_claim", "parameter", "value"]

  static func lines(_ data: Data) -> [String] {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The regular files of `folder` (not hidden, not temp files), and with `withPlots` those of its plots/.
  static func files(in folder: String, withPlots: Bool) -> [String] {
    func regular(_ folder: String) -> [String] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.filter { name in
        var isDirectory: ObjCBool = false
        return !name.hasPrefix(".") && !name.hasSuffix(".tmp")
          && FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
      }
    }
    return regular(folder) + (withPlots ? regular(folder + "/plots").map { "plots/" + $0 } : [])
  }
}

extension Verification {
  /// Removes a scratch folder of `rebuildTables`, first unlinking its links to the committed cells so that
  /// nothing can follow them into the results folder.
  public static func removeScratch(_ scratch: String, experiments: [String]) {
    for id in experiments { unlink(scratch + "/" + id + "/cells") }
    try? FileManager.default.removeItem(atPath: scratch)
  }
}
