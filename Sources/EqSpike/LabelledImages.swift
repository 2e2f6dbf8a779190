/// Labelled grey-scale images (MNIST): pixels 0...255, row-major, one label
/// per image. The network sees pixel p as the clamped input x = p / 255.
public struct LabelledImages: Sendable {
    /// All images one after the other (`count * pixelsPerImage` bytes).
    public let pixels: [UInt8]
    /// One class label per image, in `0..<classCount`.
    public let labels: [UInt8]
    public let pixelsPerImage: Int
    public let classCount: Int

    public var count: Int { labels.count }

    public init(pixels: [UInt8], labels: [UInt8], pixelsPerImage: Int, classCount: Int = 10) {
        precondition(pixelsPerImage > 0 && pixels.count == labels.count * pixelsPerImage,
                     "one image of pixelsPerImage bytes per label")
        precondition(labels.allSatisfy { Int($0) < classCount }, "labels must be below classCount")
        self.pixels = pixels
        self.labels = labels
        self.pixelsPerImage = pixelsPerImage
        self.classCount = classCount
    }

    /// The first `n` images (all of them if there are fewer).
    public func prefix(_ n: Int) -> LabelledImages {
        let kept = min(max(n, 0), count)
        return LabelledImages(pixels: Array(pixels.prefix(kept * pixelsPerImage)), labels: Array(labels.prefix(kept)),
                              pixelsPerImage: pixelsPerImage, classCount: classCount)
    }

    /// The nonzero inputs of image `index` (pixel index, x = p / 255), which is
    /// all the first layer's drive depends on.
    func sparseInput(_ index: Int, indices: inout [Int32], values: inout [Double]) {
        indices.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        let start = index * pixelsPerImage
        for pixel in 0..<pixelsPerImage where pixels[start + pixel] != 0 {
            indices.append(Int32(pixel))
            values.append(Double(pixels[start + pixel]) / 255)
        }
    }
}
