import Foundation
import Synchronization

/// File operations of the results folder: every write is atomic (temp file in the same folder, then
/// rename), so a kill at any moment leaves either the old file or the new one, never half of one.
public enum FileStore {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Held while a temp file exists, so `exitBetweenWrites` can stop the process with none left behind.
  private static let writeLock = Mutex(())

  public static func writeAtomically(_ data: Data, to path: String) throws {
    // Plain POSIX calls, so the only temporary file is ours (`<name>.tmp`, removed by the next run if a
    // kill lands between open and rename); Foundation's atomic writes leave differently named ones.
    try writeLock.withLock { _ in
      let temporary = path + ".tmp"
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard descriptor >= 0 else {
        throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
      }
      var written = 0
      let ok = data.withUnsafeBytes { bytes -> Bool in
        while written < bytes.count {
          let n = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
          if n < 0 { if errno == EINTR { continue } else { return false } }
          written += n
        }
        return fsync(descriptor) == 0
      }
      let reason = String(cString: strerror(errno))
      close(descriptor)
      guard ok else {
        unlink(temporary)
        throw Failure(description: "cannot write \(path): \(reason)")
      }
      guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw Failure(description: "cannot write \(path): \(reason)")
      }
    }
  }

  /// Waits until no atomic write is in progress, then runs `exit` (which must end the process) while
  /// holding the write lock, so no other thread can start a write: the process stops with every file
  /// either old or new and no temp file left. For SIGINT/SIGTERM; a SIGKILL can still leave a temp file,
  /// which `removeTemporaryFiles` clears on the next run.
  ///
  /// - Precondition: not called from a thread that is inside `writeAtomically`, nor from a signal
  ///   handler (the lock is not async-signal-safe): call it from an ordinary thread or dispatch queue.
  public static func exitBetweenWrites(_ exit: () -> Never) -> Never {
    writeLock.withLock { _ in exit() }
  }

  public static func writeAtomically(_ text: String, to path: String) throws {
    try writeAtomically(Data(text.utf8), to: path)
  }

  /// Writes `data` to `path` only if no file is there yet, atomically; returns whether this call wrote it.
  ///
  /// For processes that start at once and must agree on one file (the first shard of a sharded run
  /// writes the manifest): the data goes to a uniquely named temp file that is then hard-linked to
  /// `path`. `link` fails if `path` exists, also on NFS, so exactly one writer wins and no reader ever
  /// sees half a file.
  public static func createExclusively(_ data: Data, at path: String) throws -> Bool {
    let temporary = path + "." + UUID().uuidString + ".tmp"
    try writeAtomically(data, to: temporary)
    defer { unlink(temporary) }
    if link(temporary, path) == 0 { return true }
    if errno == EEXIST { return false }
    throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
  }

  /// Creates `path` (and parents) if needed and checks that it is a writable directory. `purpose` names
  /// it in the error, e.g. "results folder" or the flag that gave it.
  public static func prepareDirectory(_ path: String, purpose: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw Failure(description: "\(purpose): \(path) exists and is not a directory") }
    } else {
      do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        throw Failure(description: "\(purpose): cannot create \(path): \(error.localizedDescription)")
      }
    }
    guard access(path, W_OK) == 0 else { throw Failure(description: "\(purpose): \(path) is not writable") }
  }

  /// Removes leftover `*.tmp` files of an interrupted run from a folder.
  public static func removeTemporaryFiles(in path: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
    for name in names where name.hasSuffix(".tmp") { unlink(path + "/" + name) }
  }
}
