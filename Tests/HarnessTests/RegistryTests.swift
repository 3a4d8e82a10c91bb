import Foundation
import Harness
import Registry
import Testing

/// The experiment list is written in three places that Swift cannot merge: the folders under
/// Experiments/, Package.swift's `experiments` list (which makes them targets), and the registry's imports
/// and array (Sources/Registry/AllExperiments.swift). These tests fail as soon as the three disagree, so an
/// experiment cannot exist without being runnable, or be listed without its module.
@Suite struct RegistryTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
  }

  /// The quoted names of Package.swift's `let experiments: [String] = [...]`, in order.
  static func packageList() throws -> [String] {
    let manifest = try text("Package.swift")
    let start = try #require(manifest.range(of: "let experiments: [String] = ["))
    let end = try #require(manifest[start.upperBound...].firstIndex(of: "]"))
    return manifest[start.upperBound..<end].matches(of: /"([A-Za-z0-9_]+)"/).map { String($0.output.1) }
  }

  /// The modules that the registry file imports, in order of appearance.
  static func registryImports() throws -> [String] {
    try text("Sources/Registry/AllExperiments.swift").split(separator: "\n")
      .compactMap { $0.wholeMatch(of: /import ([A-Za-z0-9_]+)/).map { String($0.output.1) } }
  }

  /// The module of each registered experiment ("InitSchemes.InitSchemes" -> "InitSchemes"), in order.
  static var registeredModules: [String] {
    allExperiments.map { String(String(reflecting: type(of: $0)).prefix { $0 != "." }) }
  }

  @Test func packageListNamesEveryExperimentFolderOnce() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Experiments").path)
      .filter { !$0.hasPrefix(".") }.sorted()
    let listed = try Self.packageList()
    #expect(!folders.isEmpty)
    #expect(listed.sorted() == folders, "Package.swift's experiments \(listed) vs folders \(folders)")
  }

  /// The registry's array is Package.swift's list, in the same order (the order of `tricks list`).
  @Test func registryArrayFollowsThePackageList() throws {
    #expect(Self.registeredModules == (try Self.packageList()))
  }

  /// Each experiment module imported once, and nothing else but Harness (an unused import would hide an
  /// experiment that was left out of the array).
  @Test func registryImportsEachListedModuleOnce() throws {
    let imports = try Self.registryImports()
    let duplicates = Dictionary(grouping: imports, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    #expect(duplicates.isEmpty, "imported more than once: \(duplicates)")
    #expect(Set(imports) == Set(try Self.packageList() + ["Harness"]), "registry imports \(imports)")
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
        for name in (subClaim.preconditions + subClaim.rules).flatMap(\.arms) {
          #expect(arms.contains(name), "\(experiment.id): rule names unknown arm \(name)")
        }
      }
    }
  }

  @Test func unknownIDListsTheValidOnes() {
    #expect { try experiment(withID: "nope") } throws: { "\($0)".contains("init-schemes") }
  }
}
