import Diagnostics
import Formats
import Testing

// The layout of vowdata.dat: a free-text header (shortened here), then token lines.
private let header = """
    (c) 1995 James Hillenbrand

    character 1:     m=man, w=woman, b=boy, g=girl
    col1:  filename
    col2:  duration in msec

    Note: An entry of zero means that the formant was not measurable.

      1    2   3    4    5    6    7    8    9   10    11  12   13    14  15   16

    """
private let tokenLines = """
    m01aw 330 177  699  996 2548 3443  697  996 2548  731 1033 2554  688 1394 2539 
    w03aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621 
    w41aw 332 198  957    0 3066 4084  992    0 3054  961    0 3044  937 1559 2938 

    g19uw 192 243  497 1334 3067 3928  491 1335 3067  492 1402 3044  478 1490 2961 

    """

/// The one-line description of the error parsing `text` throws, or nil.
private func parseError(_ text: String) -> String? {
    do {
        _ = try VowelDatabase.parse(text, path: "vowdata.dat")
        return nil
    } catch {
        return error.description
    }
}

@Test func readsEveryTokenAfterTheHeader() throws {
    let tokens = try VowelDatabase.parse(header + tokenLines, path: "vowdata.dat")
    #expect(tokens.map(\.name) == ["m01aw", "w03aw", "w41aw", "g19uw"])
    #expect(tokens.map(\.group) == [.man, .woman, .woman, .girl])
    let w03 = tokens[1]
    #expect(w03.talker == "w03" && w03.vowel == "aw" && w03.line == 11)
    #expect(w03.durationMs == 326 && w03.f0 == 186)
    #expect(w03.steadyState == VowelToken.Formants(f1: 772, f2: 1051, f3: 2870))
    #expect(w03.at20Percent == VowelToken.Formants(f1: 766, f2: 1053, f3: 2936))
    #expect(w03.at50Percent == VowelToken.Formants(f1: 788, f2: 1067, f3: 2732))
    #expect(w03.at80Percent == VowelToken.Formants(f1: 843, f2: 1415, f3: 2621))
}

@Test func zeroIsNotMeasurable() throws {
    let tokens = try VowelDatabase.parse(header + tokenLines, path: "vowdata.dat")
    #expect(tokens[1].steadyStateF4 == nil && tokens[0].steadyStateF4 == 3443)
    #expect(tokens[2].steadyState.f2 == nil && tokens[2].steadyState.f1 == 957)
    #expect(tokens[2].at20Percent.f2 == nil && tokens[2].at50Percent.f2 == nil && tokens[2].at80Percent.f2 == 1559)
}

@Test func crlfLineEndsAndNoHeaderAreAccepted() throws {
    let tokens = try VowelDatabase.parse(tokenLines.replacingOccurrences(of: "\n", with: "\r\n"), path: "vowdata.dat")
    #expect(tokens.count == 4 && tokens[3].at80Percent.f3 == 2961)
}

@Test(arguments: [
    ("w03aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415",
     "vowdata.dat: line 11: expected 16 columns, found 15"),
    ("w03aw 326 186  772 10x1 2870    0  766 1053 2936  788 1067 2732  843 1415 2621",
     "vowdata.dat: line 11: F2 steady state (column 5) is not a number: '10x1'"),
    ("w03aw 326 186  772 1051 2870   -1  766 1053 2936  788 1067 2732  843 1415 2621",
     "vowdata.dat: line 11: F4 steady state (column 7) must be >= 0 (got -1)"),
    ("w03aw 326 nan  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621",
     "vowdata.dat: line 11: f0 (column 3) is not finite: 'nan'"),
    ("w3aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621",
     "vowdata.dat: line 11: expected a token name such as w03aw, found 'w3aw'"),
    ("m01aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621",
     "vowdata.dat: line 11: token m01aw already on line 10"),
])
func aMalformedTokenLineIsNamedWithItsLineNumber(line: String, message: String) {
    let lines = tokenLines.split(separator: "\n", omittingEmptySubsequences: false)
    let text = header + ([lines[0], Substring(line)] + lines[2...]).joined(separator: "\n")
    #expect(parseError(text) == message)
}

@Test func aFileWithoutTokensOrNotThereIsAnError() {
    #expect(parseError(header)?.hasPrefix("vowdata.dat: no token lines") == true)
    #expect(throws: InputError(input: "/nonexistent/vowdata.dat", "no such file")) {
        try VowelDatabase.read(path: "/nonexistent/vowdata.dat")
    }
}
