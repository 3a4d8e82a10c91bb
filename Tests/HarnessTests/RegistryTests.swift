import Foundation
import Harness
import Registry
import Testing

/// The registry, Package.swift's `experiments` list and the folders under Experiments/ must agree, so an
/// experiment cannot exist without being runnable, or be listed without its module.
@Suite struct RegistryTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func everyExperimentFolderIsRegisteredAndListedInThePackage() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Experiments").path)
      .filter { !$0.hasPrefix(".") }.sorted()
    let registered = allExperiments.map { String(reflecting: type(of: $0)).split(separator: ".").first.map(String.init) ?? "" }
    #expect(registered.sorted() == folders, "registry modules \(registered) vs folders \(folders)")
    let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    for folder in folders { #expect(manifest.contains("\"\(folder)\""), "\(folder) missing from Package.swift") }
  }

  @Test func idsAreUniqueKebabCaseAndEveryExperimentHasRules() {
    let ids = allExperiments.map(\.id)
    #expect(Set(ids).count == ids.count)
    for experiment in allExperiments {
      #expect(experiment.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(experiment.id)")
      #expect(!experiment.subClaims.isEmpty, "\(experiment.id) has no rules")
      #expect(experiment.seedCount(for: .full) >= 10, "\(experiment.id): full profile needs at least 10 seeds")
      #expect(experiment.seedCount(for: .quick) >= 2)
      let arms = experiment.arms(for: .full).map(\.name)
      #expect(Set(arms).count == arms.count, "\(experiment.id): duplicate arm names")
      for subClaim in experiment.subClaims {
        for name in subClaim.rules.flatMap(\.arms) {
          #expect(arms.contains(name), "\(experiment.id): rule names unknown arm \(name)")
        }
      }
    }
  }

  @Test func unknownIDListsTheValidOnes() {
    #expect { try experiment(withID: "nope") } throws: { "\($0)".contains("init-schemes") }
  }
}
