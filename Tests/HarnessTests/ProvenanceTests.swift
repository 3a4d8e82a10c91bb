import Foundation
@testable import Harness
import Testing
import _TestSupport

/// `Provenance.commit(ofSourceTree:)` on throwaway git trees laid out like the package: the commit is
/// "uncommitted" when what builds the binary differs from HEAD, and only then.
@Suite struct ProvenanceTests {
  /// Runs git in `directory` (its own Process, not the code under test); returns trimmed stdout.
  @discardableResult
  func git(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory, "-c", "user.name=test", "-c", "user.email=test@example.com"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw SetupFailure("git \(arguments) failed in \(directory)") }
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  func write(_ text: String, _ root: String, _ relative: String) throws {
    let url = URL(fileURLWithPath: root + "/" + relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// A committed tree with Package.swift, Sources/, Experiments/ and a tracked results/; returns its HEAD.
  func makeTree(_ root: String) throws -> String {
    try git(["init", "-q"], in: root)
    try write("// package\n", root, "Package.swift")
    try write("let a = 1\n", root, "Sources/Core/A.swift")
    try write("let e = 1\n", root, "Experiments/E/E.swift")
    try write("{}\n", root, "results/e/manifest.json")
    try write("{}\n", root, "results/e/cells/a__seed-0.json")
    try write("notes\n", root, "README.md")
    try git(["add", "-A"], in: root)
    try git(["commit", "-q", "-m", "tree"], in: root)
    return try git(["rev-parse", "HEAD"], in: root)
  }

  @Test func resultsAndDocumentsDoNotMakeTheCodeUncommitted() throws {
    let root = try makeTemporaryDirectory("provenance-clean")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let head = try makeTree(root)
    #expect(head.count == 40)
    #expect(Provenance.commit(ofSourceTree: root) == head)
    // What a run and a report do to results/: rewrite, delete and add tracked and untracked files.
    try write("{\"verdict\": \"reproduced\"}\n", root, "results/e/manifest.json")
    try FileManager.default.removeItem(atPath: root + "/results/e/cells/a__seed-0.json")
    try write("{}\n", root, "results/new/manifest.json")
    try write("more notes\n", root, "README.md")
    #expect(Provenance.commit(ofSourceTree: root) == head)
  }

  @Test(arguments: [("Sources/Core/A.swift", "let a = 2\n"), ("Experiments/E/E.swift", "let e = 2\n"),
                    ("Package.swift", "// changed\n"), ("Sources/Core/New.swift", "let b = 1\n"),
                    ("Experiments/F/F.swift", "let f = 1\n")])
  func anEditedOrNewSourceFileIsUncommitted(path: String, text: String) throws {
    let root = try makeTemporaryDirectory("provenance-dirty")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let head = try makeTree(root)
    try write(text, root, path)
    #expect(Provenance.commit(ofSourceTree: root) == head + "+uncommitted-changes")
  }

  @Test func aDeletedSourceFileIsUncommitted() throws {
    let root = try makeTemporaryDirectory("provenance-deleted")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let head = try makeTree(root)
    try FileManager.default.removeItem(atPath: root + "/Sources/Core/A.swift")
    #expect(Provenance.commit(ofSourceTree: root) == head + "+uncommitted-changes")
  }

  @Test func outsideAGitTreeTheCommitIsUnknown() throws {
    let root = try makeTemporaryDirectory("provenance-none")
    defer { try? FileManager.default.removeItem(atPath: root) }
    // (The system temporary directory is not inside a git tree.)
    #expect(Provenance.commit(ofSourceTree: root) == "unknown")
  }
}
