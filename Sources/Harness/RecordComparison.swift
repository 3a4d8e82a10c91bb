import Foundation

/// Compares what two runs of a cell measured: every field of the record but CPU time, speed and
/// provenance (`measured`), byte for byte, and names each field that differs.
public enum RecordComparison {
  /// One field of two records (or of two JSON files) that differs: its path, e.g. "epochs[3].testAccuracy",
  /// and both values as written ("absent" where one side lacks it).
  public struct FieldDifference: Sendable, Equatable {
    public let field: String
    public let committed: String
    public let new: String
    /// Both are non-integral numbers within `lastBitsTolerance` of each other: what another summation
    /// order (another OpenBLAS kernel) leaves behind, not what another computation gives.
    public var inLastBits: Bool { RecordComparison.differInLastBits(committed, new) }

    public init(field: String, committed: String, new: String) {
      self.field = field
      self.committed = committed
      self.new = new
    }
  }

  /// The relative difference up to which two floats "differ in the last bits": 1e-5 is about 84 units in
  /// the last place of a `Float` (2^-23 ≈ 1.2e-7), the precision cells train in, so a few roundings grown
  /// over a run still count, while an accuracy that moved by one test example in 10,000 (1e-4) does not.
  public static let lastBitsTolerance = 1e-5

  /// `record` without what varies between runs of the same computation: CPU seconds, samples per second,
  /// and the provenance (machine facts, not measurements).
  public static func measured(_ record: CellRecord) -> CellRecord {
    var record = record
    record.seconds = 0
    record.samplesPerSecond = 0
    record.provenance = nil
    return record
  }

  /// The fields of `measured` that differ between two records; empty exactly when their measured JSON is
  /// the same bytes.
  public static func differences(committed: CellRecord, new: CellRecord) -> [FieldDifference] {
    let encoder = CellRecord.encoder
    guard let a = try? encoder.encode(measured(committed)), let b = try? encoder.encode(measured(new)) else {
      return [FieldDifference(field: "record", committed: "?", new: "not encodable")]
    }
    if a == b { return [] }
    let found = differences(committed: a, new: b, excluding: [])
    // Equal leaves but different bytes cannot happen with sorted keys; if it ever did, say so.
    return found.isEmpty ? [FieldDifference(field: "record bytes", committed: "\(a.count) bytes", new: "\(b.count) bytes")] : found
  }

  /// The leaves of two JSON documents that differ, by path, leaving out the top-level keys `excluding`.
  public static func differences(committed: Data, new: Data, excluding: Set<String>) -> [FieldDifference] {
    var a = leaves(of: committed), b = leaves(of: new)
    for key in excluding {
      a.removeValue(forKey: key)
      b.removeValue(forKey: key)
      for path in Array(a.keys) + Array(b.keys) where path.hasPrefix(key + ".") || path.hasPrefix(key + "[") {
        a.removeValue(forKey: path)
        b.removeValue(forKey: path)
      }
    }
    return Set(a.keys).union(b.keys).sorted(by: pathOrder).compactMap { path in
      let x = a[path] ?? "absent", y = b[path] ?? "absent"
      return x == y ? nil : FieldDifference(field: path, committed: x, new: y)
    }
  }

  /// Whether two values as written are non-integral finite numbers within `lastBitsTolerance` (relative).
  public static func differInLastBits(_ a: String, _ b: String) -> Bool {
    func fractional(_ s: String) -> Double? {
      guard s.contains(where: { ".eE".contains($0) }), let x = Double(s), x.isFinite else { return nil }
      return x
    }
    guard let x = fractional(a), let y = fractional(b), x != y else { return false }
    return abs(x - y) <= lastBitsTolerance * max(abs(x), abs(y))
  }

  /// Every leaf of a JSON document by path ("epochs[3].testAccuracy"): numbers in Swift's shortest
  /// round-trip form, strings as they are, null as "null". Not JSON: a single leaf "document". An empty
  /// object or array has no leaf (a difference there shows in the bytes: see `differences`).
  static func leaves(of data: Data) -> [String: String] {
    guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
      return ["document": String(decoding: data, as: UTF8.self)]
    }
    var out: [String: String] = [:]
    func walk(_ value: Any, _ path: String) {
      switch value {
      case let object as [String: Any]:
        for (key, child) in object { walk(child, path.isEmpty ? key : path + "." + key) }
      case let array as [Any]:
        for (index, child) in array.enumerated() { walk(child, path + "[\(index)]") }
      case let text as String: out[path] = text
      case is NSNull: out[path] = "null"
      case let number as NSNumber:
        if let integer = number as? Int { out[path] = String(integer) } else { out[path] = "\(number.doubleValue)" }
      default: out[path] = "\(value)"
      }
    }
    walk(root, "")
    return out
  }

  /// Paths in reading order: "epochs[2]…" before "epochs[10]…".
  static func pathOrder(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: .numeric) == .orderedAscending
  }
}
