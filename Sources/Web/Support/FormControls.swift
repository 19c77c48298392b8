/// One choice of a `<select>` list or of a group of radio buttons: what the form sends, what the person reads,
/// and whether it is the current choice. Every page's lists are made of these, so templates agree on
/// `{{value}}`, `{{label}}` and `{{#selected}}`.
struct Option: Equatable {
    let value: String
    let label: String
    let selected: Bool

    init(value: String, label: String, selected: Bool = false) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    /// The options of a list whose current choice is `current` (none when nil).
    static func list<Item>(_ items: some Sequence<Item>, current: String?, value: (Item) -> String,
                           label: (Item) -> String) -> [Option] {
        items.map { Option(value: value($0), label: label($0), selected: value($0) == current) }
    }
}

/// A checkbox: its field name, what the person reads, whether it is ticked.
struct Checkbox: Equatable {
    let name: String
    let label: String
    let checked: Bool
}
