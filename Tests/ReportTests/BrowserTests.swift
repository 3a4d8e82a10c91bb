import Foundation
import Testing
@testable import Report

/// Opens the generated index.html in a real headless browser (Debian's Chromium) and checks what a
/// reader would see: the page loads, every image resolves and renders (the forest plot included), and
/// the findings table has one claim row per registered experiment.
///
/// How: index.html itself has no script, so the test writes a copy, `check.html`, into the same
/// folder (same relative image paths) with one small script appended. On the window's `load` event,
/// which fires only after every image has loaded or failed, the script counts the `<img>` elements,
/// those that failed (`complete && naturalWidth > 0` is false for a missing file and for an SVG that
/// does not parse), and the claim rows of `table#findings`, and writes the counts into the page.
/// `chromium --headless --dump-dom` prints the DOM after load, and the test reads the counts from it.
/// Network access is disabled (`--host-resolver-rules`), so a page that needed the network would fail.
///
/// A negative control deletes one plot, corrupts another and removes one table row, and expects the
/// browser to report exactly that, so the check cannot pass vacuously.
///
/// Chromium is installed by `.ci/setup` (which `.ci/run` calls before `swift test`). Without it these
/// tests fail with the command that installs it, rather than skipping: CI must run them.
@Suite(.serialized) struct BrowserTests {
  static let script = """
    <script>
    window.addEventListener("load", function () {
      var images = Array.prototype.slice.call(document.images);
      var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
      var rows = document.querySelectorAll("table#findings tr.claim").length;
      var out = document.createElement("pre");
      out.id = "report-check";
      out.textContent = "CHECK images=" + images.length + " broken=" + broken.length + " rows=" + rows;
      document.body.appendChild(out);
    });
    </script>
    """

  struct PageCheck: Equatable {
    var images: Int
    var broken: Int
    var rows: Int
  }

  static func chromium() throws -> String {
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    throw BrowserError(description: "chromium is not installed: run `bash .ci/setup` (or `apt-get install -y chromium`)")
  }

  struct BrowserError: Error, CustomStringConvertible { let description: String }

  /// Loads `html` (written as check.html beside index.html, with the check script) and returns the counts.
  static func check(_ html: String, in root: String) throws -> PageCheck {
    let page = root + "/check.html"
    try html.replacingOccurrences(of: "</body>", with: script + "\n</body>").write(toFile: page, atomically: true, encoding: .utf8)
    let profile = root + "/chromium-profile"
    let process = Process()
    // `timeout` makes a hung browser fail the test instead of hanging CI.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = ["60", try chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + profile,
                         "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
                         "--dump-dom", URL(fileURLWithPath: page).absoluteString]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard dom.contains("<title>TrainingTricks results</title>") else {
      throw BrowserError(description: "the page did not load (exit \(process.terminationStatus)): \(dom.prefix(300))")
    }
    let regex = try NSRegularExpression(pattern: #"CHECK images=(\d+) broken=(\d+) rows=(\d+)"#)
    guard let match = regex.firstMatch(in: dom, range: NSRange(dom.startIndex..., in: dom)) else {
      throw BrowserError(description: "the check script did not report (load event never fired?)")
    }
    let number = { (i: Int) in Int(dom[Range(match.range(at: i), in: dom)!])! }
    return PageCheck(images: number(1), broken: number(2), rows: number(3))
  }

  @Test func everyImageLoadsAndTheTableHasOneRowPerExperiment() throws {
    let root = try ReportFixtures.resultsFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let written = try ResultsReport.write(for: ReportFixtures.registered, in: root)
    let result = try Self.check(ReportFixtures.read(written.html), in: root)
    #expect(result == PageCheck(images: written.plots.count, broken: 0, rows: ReportFixtures.registered.count))
  }

  @Test func aMissingOrCorruptImageAndAMissingRowAreCaught() throws {
    let root = try ReportFixtures.resultsFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let written = try ResultsReport.write(for: ReportFixtures.registered, in: root)
    try FileManager.default.removeItem(atPath: written.plots[0])
    try "<svg xmlns=\"http://www.w3.org/2000/svg\"><unclosed></svg>".write(toFile: written.plots[1], atomically: true, encoding: .utf8)
    var html = ReportFixtures.read(written.html)
    let row = try #require(html.range(of: "<tr class=\"claim\"><th colspan=\"7\"><strong><a href=\"#never-run\">"))
    let end = try #require(html.range(of: "</tr>", range: row.upperBound..<html.endIndex))
    html.removeSubrange(row.lowerBound..<end.upperBound)
    let result = try Self.check(html, in: root)
    #expect(result == PageCheck(images: written.plots.count, broken: 2, rows: ReportFixtures.registered.count - 1))
  }
}
