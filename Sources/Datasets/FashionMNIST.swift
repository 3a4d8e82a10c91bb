#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 60,000 training and 10,000 test 28x28 grey images of
/// clothing in 10 balanced classes, read from the four gzipped IDX files of the original distribution.
///
/// The data comes from the Debian package `dataset-fashion-mnist`, never from the network, so runs and
/// tests stay hermetic. This type finds, checks and preprocesses the files; it does not augment or batch.
public enum FashionMNIST {
  public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
  public static let debianPackage = "dataset-fashion-mnist"
  /// The environment variable that overrides `defaultDirectory` (a `--data` flag overrides both).
  public static let environmentVariable = "TRICKS_DATA"

  public static let trainImagesFile = "train-images-idx3-ubyte.gz"
  public static let trainLabelsFile = "train-labels-idx1-ubyte.gz"
  public static let testImagesFile = "t10k-images-idx3-ubyte.gz"
  public static let testLabelsFile = "t10k-labels-idx1-ubyte.gz"

  public static let imageSide = 28
  public static let classes = 10
  /// Label i's name, from the dataset's README.
  public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

  /// The data directory: an explicit `override` (the `--data` flag) wins, then a non-empty
  /// `TRICKS_DATA`, then `defaultDirectory`.
  public static func directory(override: String?) -> String {
    if let override { return override }
    if let variable = getenv(environmentVariable), variable.pointee != 0 {
      return String(cString: variable)
    }
    return defaultDirectory
  }

  /// Loads, checks and preprocesses the training and test sets.
  ///
  /// Preprocessing is described on `Preprocessing`. With `.standardized` and `.tanhStandardized`, μ and σ
  /// are fitted on the training pixels only (μ ≈ 0.2860, σ ≈ 0.3530 for the real data), applied to both
  /// sets, and recorded as each dataset's `standardization`; with the other modes `standardization` is nil.
  /// - Parameters:
  ///   - directory: a folder holding the four `*-ubyte.gz` files; see `directory(override:)`.
  ///   - preprocessing: how pixels become features.
  /// - Throws: `DatasetError`: `.fashionMNISTNotFound` (with the install command) for a missing file;
  ///   the IDX reader's errors; `.unexpectedShape` unless images are Nx28x28 and labels N;
  ///   `.countMismatch`; `.labelOutOfRange` for the first label outside 0...9.
  public static func load(directory: String, preprocessing: Preprocessing = .standardized) throws
    -> (train: Dataset, test: Dataset)
  {
    let paths = [trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile].map {
      directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0
    }
    // Check all four before reading any, so a missing install fails in milliseconds, not after a 26 MB read.
    for path in paths where access(path, F_OK) != 0 {
      throw DatasetError.fashionMNISTNotFound(path: path)
    }
    let train = try readImagesAndLabels(images: paths[0], labels: paths[1])
    let test = try readImagesAndLabels(images: paths[2], labels: paths[3])

    let standardization = preprocessing.usesStandardization ? Standardization(fittingPixels: train.images) : nil
    func dataset(_ part: (images: [UInt8], labels: [Int32])) -> Dataset {
      Dataset(features: preprocessing.features(from: part.images, standardization: standardization),
              labels: part.labels, width: imageSide * imageSide, classes: classes,
              standardization: standardization)
    }
    return (dataset(train), dataset(test))
  }

  /// Reads one images file and its labels file and checks that they describe the same examples.
  private static func readImagesAndLabels(images imagesPath: String, labels labelsPath: String) throws
    -> (images: [UInt8], labels: [Int32])
  {
    let images = try IDXFile(contentsOf: imagesPath)
    guard images.dimensions.count == 3, images.dimensions[1] == imageSide, images.dimensions[2] == imageSide
    else {
      throw DatasetError.unexpectedShape(path: imagesPath, expected: "Nx\(imageSide)x\(imageSide)",
                                         found: images.dimensions)
    }
    let labels = try IDXFile(contentsOf: labelsPath)
    guard labels.dimensions.count == 1 else {
      throw DatasetError.unexpectedShape(path: labelsPath, expected: "N", found: labels.dimensions)
    }
    guard labels.dimensions[0] == images.dimensions[0] else {
      throw DatasetError.countMismatch(imagesPath: imagesPath, images: images.dimensions[0],
                                       labelsPath: labelsPath, labels: labels.dimensions[0])
    }
    if let index = labels.bytes.firstIndex(where: { Int($0) >= classes }) {
      throw DatasetError.labelOutOfRange(path: labelsPath, index: index, value: Int(labels.bytes[index]),
                                         classes: classes)
    }
    return (images.bytes, labels.bytes.map { Int32($0) })
  }
}
