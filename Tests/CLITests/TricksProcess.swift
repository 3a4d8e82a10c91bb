import Foundation
import Testing

/// Every CLI test runs the real `tricks` binary as a subprocess, one at a time: they share the binary,
/// the synthetic data and one finished run (`SharedRun`), and each run already uses both cores.
@Suite(.serialized) struct CLITests {}

/// How a subprocess ended. `exitedNormally` is false when a signal killed it (a crash: SIGILL from a
/// Swift trap, SIGABRT from `fatalError`, SIGSEGV).
struct Outcome: CustomStringConvertible {
  var status: Int32
  var exitedNormally: Bool
  var stdout: String
  var stderr: String

  /// Whether stderr holds any sign of a crash: a Swift runtime failure or a backtrace.
  var hasCrashReport: Bool {
    ["Fatal error", "Stack dump", "Backtrac", "Program crashed", "Swift runtime failure"]
      .contains { stderr.contains($0) || stdout.contains($0) }
  }

  /// The lines of stderr that start with "Error:", as ArgumentParser prints an error.
  var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error:") } }

  var description: String {
    "status \(status)\(exitedNormally ? "" : " (killed by a signal)")\nstderr:\n\(stderr)\nstdout:\n\(stdout)"
  }
}

enum Paths {
  /// The package root, three levels above this file (Tests/CLITests/TricksProcess.swift).
  static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// The `tricks` that `swift test` built beside this test bundle (so `swift test -c release` tests the
  /// release binary), else `<package>/.build/debug/tricks`.
  static let tricks: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("tricks").path
    return FileManager.default.isExecutableFile(atPath: beside) ? beside : package + "/.build/debug/tricks"
  }()

  static let scripts = package + "/Tests/Scripts"

  static let realData = "/usr/share/datasets/fashion-mnist"
  static var realDataInstalled: Bool {
    FileManager.default.fileExists(atPath: realData + "/train-images-idx3-ubyte.gz")
  }
}

/// Runs `executable` with `arguments` in `directory`; stdout and stderr go to files (not pipes, which
/// could fill and block the child) and are read back when it exits.
func runProcess(_ executable: String, _ arguments: [String], in directory: String,
                environment: [String: String] = [:]) throws -> Outcome {
  let scratch = try TemporaryFolder(prefix: "process")
  defer { scratch.remove() }
  let outPath = scratch.path + "/stdout", errPath = scratch.path + "/stderr"
  guard FileManager.default.createFile(atPath: outPath, contents: nil),
        FileManager.default.createFile(atPath: errPath, contents: nil) else {
    throw SetupError("cannot create output files in \(scratch.path)")
  }
  let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
  let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return Outcome(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                 stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                 stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
}

/// Runs `tricks` in `directory` (a temporary folder, so a default `--out results` can never reach the
/// package's own results/).
func runTricks(_ arguments: [String], in directory: String) throws -> Outcome {
  try runProcess(Paths.tricks, arguments, in: directory)
}

/// A fresh folder under the system temporary directory.
struct TemporaryFolder {
  let path: String
  init(prefix: String) throws {
    path = FileManager.default.temporaryDirectory
      .appendingPathComponent("tricks-clitests-\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Every regular file under `root`, by relative path, with its bytes: compared before and after a command
/// to show that it changed no file (and created none).
func snapshot(_ root: String) -> [String: Data] {
  var files: [String: Data] = [:]
  guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
  for case let relative as String in walker {
    var isDirectory: ObjCBool = false
    let path = root + "/" + relative
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
      files[relative] = FileManager.default.contents(atPath: path) ?? Data()
    }
  }
  return files
}

/// The tables a person reads (every *.csv and verdict.md) of one experiment folder, by name.
func tables(_ experimentFolder: String) -> [String: Data] {
  snapshot(experimentFolder).filter { !$0.key.contains("/") && ($0.key.hasSuffix(".csv") || $0.key == "verdict.md") }
}
