/// Rows of cells as text columns: the first left-aligned, the others right-aligned, two spaces apart.
func aligned(_ rows: [[String]]) -> [String] {
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
    return rows.map { row in
        row.indices.map { column in
            let padding = String(repeating: " ", count: widths[column] - row[column].count)
            return column == 0 ? row[column] + padding : padding + row[column]
        }.joined(separator: "  ")
    }.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
}
