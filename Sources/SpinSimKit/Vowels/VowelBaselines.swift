import Foundation
import SynchronyTask

/// Software classifiers on the network's inputs, fitted on the training
/// tokens only: multinomial logistic regression and nearest centroid on
/// standardised (Bark F1, Bark F2), the reference ceiling, and the
/// majority vowel of the training tokens, the trivial floor. The two
/// features ride in `InputSpikeTimes` (t2 = Bark F1, t3 = Bark F2), the
/// sample type the classifiers were written for.
struct VowelBaselines {
    struct Row {
        var name: String
        var training: String
        var test: String
    }

    let rows: [Row]

    init(training: [FormantSample], test: [FormantSample], vowels: [String]) {
        func features(_ s: FormantSample) -> InputSpikeTimes {
            InputSpikeTimes(t2: FormantEncoding.bark(s.f1), t3: FormantEncoding.bark(s.f2))
        }
        let labels = training.map { vowels[$0.vowel] }
        func score(_ predict: (InputSpikeTimes) -> String, _ samples: [FormantSample]) -> String {
            let correct = samples.filter { predict(features($0)) == vowels[$0.vowel] }.count
            return String(format: "%.1f %% (%d/%d)", 100 * Double(correct) / Double(max(samples.count, 1)), correct, samples.count)
        }
        let regression = LogisticRegression(samples: training.map(features), labels: labels)
        let centroid = NearestCentroid(samples: training.map(features), labels: labels)
        let counts = vowels.map { v in labels.filter { $0 == v }.count }
        let majority = vowels[counts.firstIndex(of: counts.max()!)!]
        rows = [
            Row(name: "logistic regression (Bark F1, F2)", training: score(regression.predict, training), test: score(regression.predict, test)),
            Row(name: "nearest centroid (Bark F1, F2)", training: score(centroid.predict, training), test: score(centroid.predict, test)),
            Row(name: "majority vowel (\(majority))", training: score({ _ in majority }, training), test: score({ _ in majority }, test)),
        ]
    }
}
