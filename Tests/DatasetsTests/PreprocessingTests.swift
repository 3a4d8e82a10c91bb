import Datasets
import Testing

@Suite struct StandardizationTests {
  /// Hand examples: {0, 255} → x/255 = {0, 1}, mean 1/2, sd 1/2;
  /// {0, 0, 0, 255} → {0, 0, 0, 1}, mean 1/4, population sd √(1/4 · 3/4) = 0.4330127.
  @Test(arguments: [([0, 255], 0.5, 0.5), ([0, 0, 0, 255], 0.25, 0.4330127)] as [([UInt8], Double, Double)])
  func fittedMeanAndDeviationMatchHandExamples(pixels: [UInt8], mean: Double, sd: Double) {
    let fitted = Standardization(fittingPixels: pixels)
    #expect(abs(Double(fitted.mean) - mean) < 1e-7)
    #expect(abs(Double(fitted.standardDeviation) - sd) < 1e-7)
  }
}

#if os(Linux)
import Foundation
@testable import Datasets

/// Feature arrays ask the kernel for 2 MB pages (`adviseHugePages`). Under Debian's default policy
/// (`madvise`) only advised memory gets them, so an unadvised array of the same size is the control.
@Suite struct HugePageTests {
  /// "THPeligible" of the mapping that holds `address`, from /proc/self/smaps.
  static func hugePageEligible(_ address: UnsafeRawPointer) throws -> Bool? {
    // /proc files report size 0, so read them to the end rather than by their size.
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
    let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    let target = UInt(bitPattern: address)
    var inside = false
    for line in smaps.split(separator: "\n") {
      let fields = line.split(separator: " ")
      if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
        let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
        inside = bounds.count == 2 && bounds[0] <= target && target < bounds[1]
      } else if inside, fields.first == "THPeligible:" {
        return fields.last == "1"
      }
    }
    return nil
  }

  @Test func featureArraysAskForHugePages() throws {
    let policy = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
    guard policy.contains("[madvise]") else {
      print("skipped: transparent huge pages policy is not madvise (\(policy.trimmingCharacters(in: .whitespacesAndNewlines)))")
      return
    }
    let pixels = [UInt8](repeating: 7, count: 3 << 20)  // 12 MB of features
    let features = Preprocessing.unitRange.features(from: pixels, standardization: nil)
    let control = [Float](repeating: 0, count: 3 << 20)
    let advised = features.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + $0.count / 2) }
    let plain = control.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + $0.count / 2) }
    let advisedEligible = try Self.hugePageEligible(advised), plainEligible = try Self.hugePageEligible(plain)
    withExtendedLifetime((features, control)) {}
    #expect(advisedEligible == true)
    #expect(plainEligible == false)
    #expect(features.allSatisfy { $0 == Float(7.0 / 255) })
  }
}
#endif
