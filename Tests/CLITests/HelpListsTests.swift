import Foundation
import Testing
import TrainingCore
@testable import tricks

extension CLITests {
  /// What `tricks train --help` offers is what the core's tables hold, in their order: the lists are
  /// made from the tables, and this catches a list written out by hand that drifts from them.
  @Suite struct HelpListsTests {
    /// The help text with its line wrapping undone (ArgumentParser wraps at spaces and indents).
    static func help(_ command: String) throws -> String {
      let outcome = try runTricks([command, "--help"], in: FileManager.default.temporaryDirectory.path)
      #expect(outcome.status == 0, "\(outcome)")
      return outcome.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
    }

    /// The comma-separated names after `label` up to the next '.' or ';' (names contain neither).
    static func list(after label: String, in help: String) throws -> [String] {
      let start = try #require(help.range(of: label), "no '\(label)' in the help")
      let rest = help[start.upperBound...]
      let end = rest.firstIndex { $0 == "." || $0 == ";" } ?? rest.endIndex
      return rest[..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func trainHelpListsEachTable() throws {
      let help = try Self.help("train")
      #expect(try Self.list(after: "Activation: ", in: help) == ActivationTable.all.flatMap { $0.spellings })
      #expect(try Self.list(after: "Weight initializer: ", in: help) == InitializerTable.all.flatMap { $0.spellings })
      #expect(try Self.list(after: "Loss: ", in: help)
              == LossTable.all.flatMap { $0.variants.map(\.name) })
      #expect(try Self.list(after: "Optimizer: ", in: help) == OptimizerTable.all.flatMap { $0.defaults.map(\.name) })
      #expect(try Self.list(after: "Learning-rate schedule: ", in: help) == ScheduleTable.all.map { $0.name })
    }

    /// Every flag the CLI words a core error with is a flag of `train` or `lr-find`.
    @Test func everyFieldsFlagExists() throws {
      let helps = try Self.help("train") + " " + Self.help("lr-find")
      let flags = helps.split(separator: " ").filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "," && $0 != "=" }) }
      for field in ConfigurationError.Field.allCases {
        guard let flag = field.flag else { continue }
        #expect(flags.contains(flag), "\(field) is worded as \(flag), which neither command has")
      }
    }
  }
}
