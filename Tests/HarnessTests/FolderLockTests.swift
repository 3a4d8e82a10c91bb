import Foundation
import Harness
import Testing
import _TestSupport

/// One run per experiment folder (`FolderLock`). The test holds the lock through a descriptor of its own:
/// `flock` locks belong to the open descriptor, so it conflicts with the runner's even in one process.
@Suite(.serialized) struct FolderLockTests {
  let data: String

  init() throws {
    data = try makeTemporaryDirectory("lock-data")
    try writeSyntheticFashionMNIST(to: data)
  }

  func runner(_ out: String, shard: Shard? = nil) -> Runner {
    Runner(options: .init(outputRoot: out, jobs: 2, dataDirectory: data, shard: shard), log: { _ in })
  }

  let plan = ExperimentPlan(TinyExperiment(), profile: .quick)

  /// Takes `operation` (LOCK_EX or LOCK_SH) on `folder` without waiting; returns the descriptor, or -1.
  func hold(_ folder: String, _ operation: Int32) throws -> Int32 {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
    guard descriptor >= 0, flock(descriptor, operation | LOCK_NB) == 0 else {
      if descriptor >= 0 { close(descriptor) }
      return -1
    }
    return descriptor
  }

  @Test func aRunIntoALockedFolderIsRefusedNamingTheHolderAndWritesNothing() throws {
    let out = try makeTemporaryDirectory("lock-busy")
    let held = try hold(out + "/tiny", LOCK_EX)
    try #require(held >= 0)
    #expect(throws: ResultsFolderError.busy(folder: out + "/tiny", pids: [getpid()], sharedByShards: false)) {
      try runner(out).run([plan])
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/tiny").isEmpty)
    close(held)
    try runner(out).run([plan])
    #expect(FileManager.default.fileExists(atPath: out + "/tiny/verdict.md"))
  }

  @Test func shardsShareTheLockAndExcludeAWholeRun() throws {
    let out = try makeTemporaryDirectory("lock-shards")
    let shard = try hold(out + "/tiny", LOCK_SH)  // as a shard running now would hold it
    try #require(shard >= 0)
    try runner(out, shard: Shard(index: 1, count: 2)).run([plan])
    #expect(throws: ResultsFolderError.busy(folder: out + "/tiny", pids: [getpid()], sharedByShards: true)) {
      try runner(out).run([plan])
    }
    close(shard)
    let whole = try hold(out + "/tiny", LOCK_EX)  // as a whole run would hold it
    try #require(whole >= 0)
    #expect(throws: ResultsFolderError.busy(folder: out + "/tiny", pids: [getpid()], sharedByShards: false)) {
      try runner(out, shard: Shard(index: 2, count: 2)).run([plan])
    }
    close(whole)
  }

  /// The lock lasts as long as the run: free again after it returns, and after it is refused; and a run
  /// that names one experiment twice does not lock itself out.
  @Test func theLockIsReleasedWhenTheRunEnds() throws {
    let out = try makeTemporaryDirectory("lock-release")
    try runner(out).run([plan, plan])
    let afterRun = try hold(out + "/tiny", LOCK_EX)
    #expect(afterRun >= 0, "still locked after the run returned")
    close(afterRun)
    let other = ExperimentPlan(TinyExperiment(), profile: .quick, overrides: Overrides(epochs: 1))
    #expect(throws: ResultsFolderError.self) { try runner(out).run([other]) }
    let afterRefusal = try hold(out + "/tiny", LOCK_EX)
    #expect(afterRefusal >= 0, "still locked after the run was refused")
    close(afterRefusal)
  }
}
