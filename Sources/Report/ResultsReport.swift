import Foundation
import Harness

/// Writes the report a person reads first: `results/README.md`, `results/index.html`, the suite's forest
/// plot `results/plots/forest.svg`, the charts under `results/<id>/plots/`, and `results/subclaims.csv`
/// (every experiment's sub-claims in one table), for every registered experiment (those without results
/// get a "not run yet" line).
///
/// Everything is derived from the tables, written atomically, and contains no clock or random value, so
/// the same results give the same bytes.
public enum ResultsReport {
  /// What was written, as paths.
  public struct Written: Sendable, Equatable {
    public let readme: String
    public let html: String
    /// Every chart written, the forest plot first when there is one.
    public let plots: [String]
    /// results/subclaims.csv.
    public let subClaims: String
  }

  /// Reads each experiment's tables from `resultsDirectory` and writes the report there.
  ///
  /// - Parameters:
  ///   - experiments: every registered experiment, in the order the table lists them.
  ///   - resultsDirectory: the folder holding `<id>/summary.csv` etc. (`--out`).
  @discardableResult
  public static func write(for experiments: [any Experiment], in resultsDirectory: String) throws -> Written {
    let entries = experiments.map(ReportEntry.init)
    return try write(entries.map { ($0, ExperimentResults.load(id: $0.id, from: resultsDirectory)) },
                     in: resultsDirectory)
  }

  /// Writes the report for results already in memory (e.g. `ExperimentResults(tables:)`); an entry with
  /// nil results is listed as not run yet.
  @discardableResult
  public static func write(_ experiments: [(entry: ReportEntry, results: ExperimentResults?)],
                           in resultsDirectory: String) throws -> Written {
    try FileStore.prepareDirectory(resultsDirectory, purpose: "report")
    let sections = experiments.map { entry, results in
      ReportSection(entry: entry, results: results, figures: results.map(ExperimentFigures.build) ?? [])
    }
    var plots: [String] = []
    let forest = SuiteFigures.forest(sections)
    let suitePlots = resultsDirectory + "/plots"
    try FileStore.prepareDirectory(suitePlots, purpose: "report")
    FileStore.removeTemporaryFiles(in: suitePlots)
    if let forest {
      try FileStore.writeAtomically(forest.svg, to: resultsDirectory + "/" + forest.path)
      plots.append(resultsDirectory + "/" + forest.path)
    }
    removeStalePlots(in: suitePlots, keeping: Set(forest.map { [$0.path] } ?? []))
    for section in sections where section.results != nil {
      let plotDirectory = resultsDirectory + "/" + section.entry.id + "/plots"
      try FileStore.prepareDirectory(plotDirectory, purpose: "report")
      FileStore.removeTemporaryFiles(in: plotDirectory)
      for figure in section.figures.flatMap(\.figures) {
        let path = resultsDirectory + "/" + section.entry.id + "/" + figure.path
        try FileStore.writeAtomically(figure.svg, to: path)
        plots.append(path)
      }
      removeStalePlots(in: plotDirectory, keeping: Set(section.figures.flatMap(\.figures).map(\.path)))
    }
    let readme = resultsDirectory + "/README.md", html = resultsDirectory + "/index.html"
    let subClaims = resultsDirectory + "/subclaims.csv"
    try FileStore.writeAtomically(MarkdownReport.render(sections, forest: forest), to: readme)
    try FileStore.writeAtomically(HTMLReport.render(sections, forest: forest), to: html)
    try FileStore.writeAtomically(
      CombinedSubClaims.csv(experiments.compactMap { entry, results in results?.subClaims.map { (entry.id, $0) } }),
      to: subClaims)
    return Written(readme: readme, html: html, plots: plots, subClaims: subClaims)
  }

  /// Deletes SVGs of an earlier report that this one no longer draws (e.g. after arms were renamed), so
  /// the plots folder holds only what the README shows.
  static func removeStalePlots(in directory: String, keeping: Set<String>) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasSuffix(".svg") && !keeping.contains("plots/" + name) {
      unlink(directory + "/" + name)
    }
  }

  /// The charts an experiment's results give, without writing anything.
  public static func figures(for results: ExperimentResults) -> [FigureGroup] {
    ExperimentFigures.build(results)
  }
}
