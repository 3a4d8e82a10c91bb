import Foundation

/// An advisory lock on one experiment's results folder (`<out>/<id>`), held while a run writes into it,
/// so that a second run into the same folder at the same time is refused instead of computing every
/// cell again.
///
/// `flock(2)` on the folder itself: there is no lock file to leave behind, to delete under another run,
/// or to show up in the results. The kernel releases the lock when the descriptor is closed, which it
/// does when the process ends in any way (crash, SIGKILL included), so a dead run never leaves a folder
/// locked. A whole run takes the lock exclusively; the shards of a sharded run share it, since they
/// write disjoint cells into one folder at once, and a whole run and a shard exclude each other.
///
/// Where the file system has no such locks (some network file systems), `acquire` returns nil and the
/// run goes on unprotected, as it did before locks existed.
public final class FolderLock {
  public enum Mode: Sendable { case exclusive, shared }

  private var descriptor: Int32

  private init(descriptor: Int32) { self.descriptor = descriptor }

  deinit { release() }

  /// Releases the lock now (closing the descriptor); later calls do nothing.
  public func release() {
    guard descriptor >= 0 else { return }
    close(descriptor)
    descriptor = -1
  }

  /// Why the lock could not be taken where the file system does not support it.
  public struct Unsupported: Error, CustomStringConvertible {
    public let description: String
  }

  /// Locks `folder` (which must exist) without waiting.
  ///
  /// - Throws: `ResultsFolderError.busy` when another open descriptor, of this process or another,
  ///   holds a conflicting lock; `Unsupported` when the folder cannot be locked at all.
  public static func acquire(_ folder: String, mode: Mode) throws -> FolderLock {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Unsupported(description: "cannot open \(folder): \(String(cString: strerror(errno)))") }
    var result: Int32
    repeat { result = flock(descriptor, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) } while result != 0 && errno == EINTR
    guard result == 0 else {
      let error = errno
      close(descriptor)
      if error == EWOULDBLOCK {
        let holders = holders(of: folder)
        throw ResultsFolderError.busy(folder: folder, pids: holders.map(\.pid), sharedByShards: holders.contains { $0.shared })
      }
      throw Unsupported(description: "cannot lock \(folder): \(String(cString: strerror(error)))")
    }
    return FolderLock(descriptor: descriptor)
  }

  /// The processes holding a `flock` on `folder`, from /proc/locks (Linux), whose lines read
  /// `1: FLOCK  ADVISORY  WRITE 4242 fe:00:16351766 0 EOF`: kind, mode, pid, and the locked inode as
  /// major:minor (hex) of its device and inode number. Empty where /proc/locks is missing or names no
  /// holder (a lock held on another machine of a network file system).
  static func holders(of folder: String) -> [(pid: Int32, shared: Bool)] {
    var info = stat()
    guard stat(folder, &info) == 0,
          let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return [] }
    // glibc's major()/minor() of a dev_t, which are macros Swift cannot import.
    let dev = UInt64(info.st_dev)
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff), minor = (dev & 0xff) | ((dev >> 12) & ~0xff)
    func hex(_ value: UInt64) -> String { String(repeating: "0", count: value < 16 ? 1 : 0) + String(value, radix: 16) }
    let inode = "\(hex(major)):\(hex(minor)):\(info.st_ino)"
    return table.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      // A blocked waiter's line reads "1: -> FLOCK ...", so fields[1] skips it: it holds nothing.
      guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == inode, let pid = Int32(fields[4]) else { return nil }
      return (pid, fields[3] == "READ")
    }
  }
}
