import EqSpike
import Ising

/// MNIST images as Ising examples: x = pixel / 255, zero pixels left out.
struct MNISTExamples: IsingExamples {
    let images: LabelledImages

    var count: Int { images.count }

    func example(_ index: Int, pixels: inout [Int32], values: inout [Double]) -> Int {
        pixels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        let start = index * images.pixelsPerImage
        for p in 0..<images.pixelsPerImage where images.pixels[start + p] != 0 {
            pixels.append(Int32(p))
            values.append(Double(images.pixels[start + p]) / 255)
        }
        return Int(images.labels[index])
    }
}

extension LabelledImages {
    /// The paper's class-balanced subset: the first `limit / classes` images
    /// of each class in file order (the remainder of the division to the
    /// lowest classes), kept in file order. All images if `limit` is nil or
    /// not below the count.
    func balancedPrefix(_ limit: Int?) -> LabelledImages {
        guard let limit, limit < count else { return self }
        var quota = (0..<classCount).map { limit / classCount + ($0 < limit % classCount ? 1 : 0) }
        var kept: [Int] = []
        for index in 0..<count where quota[Int(labels[index])] > 0 {
            quota[Int(labels[index])] -= 1
            kept.append(index)
            if kept.count == limit { break }
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(kept.count * pixelsPerImage)
        for index in kept { pixels += self.pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)] }
        return LabelledImages(pixels: pixels, labels: kept.map { labels[$0] }, pixelsPerImage: pixelsPerImage, classCount: classCount)
    }
}
