import ArgumentParser
import Foundation
import CGSL
import Datasets
import Harness
import TrainingCore

@main
struct Tricks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tricks",
    abstract: "Re-run the folklore of deep-learning training as repeatable experiments on Fashion-MNIST.",
    version: TricksVersion.string,
    subcommands: [ListCommand.self, RunCommand.self, AllCommand.self, ReportCommand.self, VerifyCommand.self, SlurmCommand.self, TrainCommand.self, LRFindCommand.self, BenchCommand.self])

  static func main() {
    // GSL's default error handler aborts the process; we check every result instead.
    trainingtricks_gsl_disable_abort()
    installInterruptHandlers()
    // ArgumentParser's `main`, with errors from below the command line worded in its terms.
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: worded(error))
    }
  }
}

/// A failure reported in the command line's words: ArgumentParser prints its description after
/// "Error:" and exits with 1, as for the error it rewords.
struct FlagWordedError: Error, CustomStringConvertible {
  let description: String
}

/// `error`, thrown after the flags were parsed, with the command line's names for what the core leaves
/// unnamed: the `--data` option beside the data folder's environment variable, and flags for
/// configuration fields (a configuration the data cannot train, e.g. a batch larger than the subset).
func worded(_ error: any Error) -> any Error {
  switch error {
  case let error as DatasetError:
    FlagWordedError(description: error.message(folderSettings: "--data / \(FashionMNIST.environmentVariable)"))
  case let error as ConfigurationError:
    FlagWordedError(description: error.flagMessage)
  default:
    error
  }
}

/// On SIGINT or SIGTERM, say how to resume and exit with 128 + the signal number (130, 143).
///
/// Every finished cell is already on disk, written atomically, so nothing is lost but the cells in
/// flight. The signal is handled on a dispatch queue rather than in a signal handler, so that it can
/// wait for an atomic write in progress to finish (`FileStore.exitBetweenWrites`): the process then
/// stops with no temp file left. (Only SIGKILL can leave one; the next run removes it.)
func installInterruptHandlers() {
  // Run again with --fresh and it would start over: the hint says to leave it out.
  let again = CommandLine.arguments.contains("--fresh") ? "run the same command again without --fresh"
    : "run the same command again"
  let message = "\ninterrupted: finished runs are saved; \(again) to resume where it stopped\n"
  for signalNumber in [SIGINT, SIGTERM] {
    // The dispatch source sees the signal only if its default action (terminate) is turned off.
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: interruptQueue)
    source.setEventHandler {
      FileStore.exitBetweenWrites {
        message.withCString { _ = write(STDERR_FILENO, $0, strlen($0)) }
        _exit(128 + signalNumber)
      }
    }
    source.resume()
    interruptSources.append(source)
  }
}

/// A queue of its own, so a signal is handled even while every worker thread is training a cell.
private let interruptQueue = DispatchQueue(label: "tricks.interrupt")
/// Keeps the sources alive for the life of the process (only touched by `installInterruptHandlers`,
/// before any other thread runs).
nonisolated(unsafe) private var interruptSources: [any DispatchSourceSignal] = []

enum TricksVersion {
  static let string = ResultsVersion.tricks
}
