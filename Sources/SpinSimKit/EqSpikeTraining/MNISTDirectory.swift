import EqSpike
import Foundation
import Diagnostics
import Formats

/// The MNIST files in a directory, under their standard names, gzipped
/// (`train-images-idx3-ubyte.gz`) or raw (`train-images-idx3-ubyte`).
public enum MNISTDirectory {
    public enum Split: String, Sendable {
        case training = "train"
        case test = "t10k"
    }

    /// The directory given on the command line, else `$SPINSIM_MNIST`.
    public static func resolve(_ option: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) -> String {
        if let option { return option }
        if let variable = environment["SPINSIM_MNIST"], !variable.isEmpty { return variable }
        throw InputError(input: "--mnist",
                         "no MNIST directory: pass --mnist DIR or set SPINSIM_MNIST (a small subset ships in datasets/mnist-small)")
    }

    /// Every MNIST file name the directory may hold (gzipped and raw), as
    /// inputs an output must not replace (`OutputPolicy.checkDistinct`).
    public static func inputRoles(directory: String) -> [OutputPolicy.Role] {
        let names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        return names.flatMap { name in
            [name, name + ".gz"].map { OutputPolicy.Role("--mnist", (directory as NSString).appendingPathComponent($0)) }
        }
    }

    /// The first `limit` images of a split (all of them if nil).
    public static func load(directory: String, split: Split, limit: Int?) throws -> LabelledImages {
        let images = try load(directory: directory, split: split)
        return limit.map { images.prefix($0) } ?? images
    }

    /// The training images and, if `withTest`, the test images, which must
    /// be of the training images' size (else the network would be scored
    /// on pixels it was not trained on): the error names the test images.
    static func loadTrainingAndTest(directory: String, withTest: Bool) throws -> (training: LabelledImages, test: LabelledImages?) {
        let training = try load(directory: directory, split: .training)
        guard withTest else { return (training, nil) }
        let test = try load(directory: directory, split: .test)
        guard test.pixelsPerImage == training.pixelsPerImage else {
            throw InputError(input: try locate(directory: directory, name: "\(Split.test.rawValue)-images-idx3-ubyte"),
                             "\(test.pixelsPerImage)-pixel images, but the training images have \(training.pixelsPerImage) pixels")
        }
        return (training, test)
    }

    /// The images and labels of one split. Errors name the file: missing,
    /// corrupt, wrong rank, no images or images of no pixels, labels above 9,
    /// or image and label counts that differ.
    public static func load(directory: String, split: Split) throws -> LabelledImages {
        let imagesPath = try locate(directory: directory, name: "\(split.rawValue)-images-idx3-ubyte")
        let labelsPath = try locate(directory: directory, name: "\(split.rawValue)-labels-idx1-ubyte")
        let images = try IDXArray.read(path: imagesPath)
        guard images.dimensions.count == 3 else {
            throw InputError(input: imagesPath, "expected 3 dimensions (images x rows x columns), found \(images.dimensions.count)")
        }
        guard images.dimensions.allSatisfy({ $0 > 0 }) else {
            let shape = images.dimensions.map(String.init).joined(separator: " x ")
            throw InputError(input: imagesPath, "holds \(shape) (images x rows x columns): no images, or images of no pixels")
        }
        let labels = try IDXArray.read(path: labelsPath)
        guard labels.dimensions.count == 1 else {
            throw InputError(input: labelsPath, "expected 1 dimension (labels), found \(labels.dimensions.count)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw InputError(input: labelsPath,
                           "size mismatch: \(labels.dimensions[0]) labels but \(images.dimensions[0]) images in \(imagesPath)")
        }
        if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
            throw InputError(input: labelsPath, "label \(labels.bytes[bad]) of item \(bad) is not a digit 0...9")
        }
        return LabelledImages(pixels: images.bytes, labels: labels.bytes,
                              pixelsPerImage: images.dimensions[1] * images.dimensions[2])
    }

    /// `name.gz` if present, else `name`; the error names the gzipped file.
    static func locate(directory: String, name: String) throws -> String {
        let base = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: base + ".gz") { return base + ".gz" }
        if FileManager.default.fileExists(atPath: base) { return base }
        throw InputError(input: base + ".gz", "no such file (nor \(name) uncompressed)")
    }
}

extension LabelledImages {
    /// Throws unless a network with `layerSizes` (from the file `model`) takes
    /// these images as input and has one output per class.
    func check(fits layerSizes: [Int], of model: String) throws(InputError) {
        guard layerSizes.first == pixelsPerImage, layerSizes.last == classCount else {
            throw InputError(input: model, "layer sizes \(layerSizes) do not fit \(pixelsPerImage)-pixel images "
                             + "of \(classCount) classes")
        }
    }
}
