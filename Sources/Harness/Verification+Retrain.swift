import Datasets
import Foundation
import Synchronization
import TrainingCore

extension Verification {
  /// A committed cell re-trained: what the new record says against the committed one.
  public struct CellCheck: Sendable {
    public enum Result: Sendable {
      /// The fields of the measured record that differ (none: the same bytes).
      case compared(new: CellRecord, differences: [RecordComparison.FieldDifference])
      /// The cell could not be trained (the runner's error, as text).
      case failed(String)
    }
    public enum Kind: Sendable, Equatable { case identical, differsInLastBits, differs, failed }

    public let cell: CommittedCell
    public let result: Result
    /// Wall seconds of the re-training.
    public let seconds: Double

    public var kind: Kind {
      switch result {
      case .failed: .failed
      case .compared(_, let differences):
        differences.isEmpty ? .identical : differences.allSatisfy(\.inLastBits) ? .differsInLastBits : .differs
      }
    }
  }

  /// How far `retrain` is, after each cell.
  public struct Progress: Sendable {
    public let finished: Int
    public let total: Int
    public let check: CellCheck
    /// Wall seconds since the first cell started, and the estimate of those still to come: the committed
    /// records' own seconds of the cells left, scaled by how this run's pace compares with theirs.
    public let elapsedSeconds: Double
    public let remainingSeconds: Double
  }

  /// Re-trains `cells` exactly as the runner trains them (`Runner.runCell`, a single-threaded BLAS per
  /// cell, `jobs` cells at a time, grouped by preprocessing so one copy of the data is in memory) and
  /// compares each new record with the committed one. Writes nothing.
  ///
  /// - Parameter progress: called after each cell, one call at a time.
  /// - Returns: the checks in the order of `cells`.
  /// - Throws: when the data cannot be loaded.
  public static func retrain(_ cells: [CommittedCell], jobs: Int, dataDirectory: String?,
                             progress: @escaping @Sendable (Progress) -> Void) throws -> [CellCheck] {
    let data = Runner.DataCache(directory: dataDirectory)
    let committedTotal = cells.reduce(0) { $0 + $1.record.seconds }
    let started = ContinuousClock.now
    struct State { var next = 0, finished = 0, committedDone = 0.0, checks: [Int: CellCheck] = [:] }
    let state = Mutex(State())
    let indices = cells.indices.sorted { a, b in
      let (x, y) = (cells[a].key.arm.configuration.preprocessing.rawValue, cells[b].key.arm.configuration.preprocessing.rawValue)
      return (x, a) < (y, b)
    }
    let preprocessings = Set(cells.map(\.key.arm.configuration.preprocessing)).sorted { $0.rawValue < $1.rawValue }
    for preprocessing in preprocessings {
      let group = indices.filter { cells[$0].key.arm.configuration.preprocessing == preprocessing }
      let (train, test) = try data.load(preprocessing)
      BLAS.setThreads(1)
      state.withLock { $0.next = 0 }
      DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, group.count))) { _ in
        while let index = state.withLock({ s -> Int? in
          guard s.next < group.count else { return nil }
          defer { s.next += 1 }
          return group[s.next]
        }) {
          let check = retrain(cells[index], train: train, test: test)
          state.withLock { s in
            s.checks[index] = check
            s.finished += 1
            s.committedDone += cells[index].record.seconds
            let elapsed = (ContinuousClock.now - started) / .seconds(1)
            let pace = s.committedDone > 0 ? elapsed / s.committedDone : 1
            progress(Progress(finished: s.finished, total: cells.count, check: check, elapsedSeconds: elapsed,
                              remainingSeconds: (committedTotal - s.committedDone) * pace))
          }
        }
      }
    }
    let checks = state.withLock { $0.checks }
    return cells.indices.map { checks[$0]! }
  }

  static func retrain(_ cell: CommittedCell, train: Dataset, test: Dataset) -> CellCheck {
    let started = ContinuousClock.now
    let result: CellCheck.Result
    do {
      let new = try Runner.runCell(cell.plan, cell.key, train: train, test: test)
      result = .compared(new: new, differences: RecordComparison.differences(committed: cell.record, new: new))
    } catch {
      result = .failed("\(error)")
    }
    return CellCheck(cell: cell, result: result, seconds: (ContinuousClock.now - started) / .seconds(1))
  }
}
