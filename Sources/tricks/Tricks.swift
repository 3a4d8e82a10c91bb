import ArgumentParser
import Foundation
import CGSL
import Harness

@main
struct Tricks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tricks",
    abstract: "Re-run the folklore of deep-learning training as repeatable experiments on Fashion-MNIST.",
    version: TricksVersion.string,
    subcommands: [ListCommand.self, RunCommand.self, AllCommand.self, ReportCommand.self, SlurmCommand.self, TrainCommand.self, BenchCommand.self])

  static func main() {
    // GSL's default error handler aborts the process; we check every result instead.
    trainingtricks_gsl_disable_abort()
    installInterruptHandlers()
    Self.main(nil)
  }
}

/// On SIGINT or SIGTERM, say how to resume and exit at once. Every finished cell is already on disk
/// (written atomically), and a half-written temp file is removed by the next run, so nothing is lost
/// but the cells in flight. Only async-signal-safe calls (write, _exit) are made in the handler.
func installInterruptHandlers() {
  for signalNumber in [SIGINT, SIGTERM] {
    signal(signalNumber) { received in
      let message = "\ninterrupted: finished runs are saved; run the same command again to resume where it stopped\n"
      message.withCString { _ = write(STDERR_FILENO, $0, strlen($0)) }
      _exit(128 + received)
    }
  }
}

enum TricksVersion {
  static let string = ResultsVersion.tricks
}
